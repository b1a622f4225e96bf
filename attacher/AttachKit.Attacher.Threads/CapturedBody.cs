namespace AttachKit.Attacher.Threads;

/// <summary>
/// A <c>threads</c> body read as it arrives, for the parser to work while the agent still captures,
/// with a copy of every byte kept: to save the raw capture when parsing fails, and for the TraceLog
/// fallback, which needs the whole trace at once.
/// </summary>
internal sealed class CapturedBody(Func<Memory<byte>, int> source) : Stream
{
    // Far above a real capture (a few MiB at 20,000 methods), and a bound on what a target that never ends its body can make this process hold.
    private const long MaxBytes = 256L * 1024 * 1024;

    private readonly MemoryStream _copy = new();
    private bool _ended;
    private byte[] _scratch = [];

    /// <summary>Every byte read so far.</summary>
    public ReadOnlyMemory<byte> Copy => _copy.GetBuffer().AsMemory(0, (int)_copy.Length);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>How many bytes were read.</summary>
    public override long Position { get => _copy.Length; set => throw new NotSupportedException(); }

    /// <summary>Reads a body from an agent's reply (blocking: call it on a thread that may block).</summary>
    public static CapturedBody From(AttachReply reply, CancellationToken cancellationToken)
        => new(buffer => reply.ReadAsync(buffer, cancellationToken).AsTask().GetAwaiter().GetResult());

    /// <summary>Reads a whole body held in memory.</summary>
    public static CapturedBody From(ReadOnlyMemory<byte> body)
    {
        var offset = 0;
        return new CapturedBody(buffer =>
        {
            var count = Math.Min(buffer.Length, body.Length - offset);
            body.Slice(offset, count).CopyTo(buffer);
            offset += count;
            return count;
        });
    }

    private int ReadInto(Memory<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        var read = source(buffer);
        if (read == 0)
        {
            _ended = true;
        }
        else if (_copy.Length + read > MaxBytes)
        {
            throw new BrokenReplyException($"the thread dump is larger than {MaxBytes / (1024 * 1024)} MiB, far more than any capture: the target sent something else");
        }

        _copy.Write(buffer.Span[..read]);
        return read;
    }

    /// <summary>Reads what is left (for a reply: up to its final status, which throws if it is an error).</summary>
    public void ReadToEnd()
    {
        var buffer = new byte[64 * 1024];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadInto(buffer.AsMemory(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _scratch = _scratch.Length >= buffer.Length ? _scratch : new byte[buffer.Length];
        var read = ReadInto(_scratch.AsMemory(0, buffer.Length));
        _scratch.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
