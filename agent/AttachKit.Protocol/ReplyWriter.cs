using System.Globalization;
using System.Text;

namespace AttachKit.Protocol;

/// <summary>
/// Writes one reply: a status line, the body as length-prefixed chunks, then an empty chunk and the
/// final status line, so that a client can tell a complete reply from a truncated one.
/// </summary>
/// <remarks>
/// Safe to end from another thread than the one writing the body (a command past its deadline):
/// every write takes one lock, and once the reply has ended further body writes throw.
/// Descriptors travel with the chunk that describes them (<see cref="WriteWithDescriptors"/>).
/// </remarks>
internal sealed class ReplyWriter
{
    /// <summary>The size at which buffered body bytes are sent as one chunk.</summary>
    public const int ChunkBytes = 16 * 1024;

    private readonly IReplyTransport _transport;
    private readonly Lock _lock = new();
    private readonly MemoryStream _pending = new();
    private bool _begun;
    private bool _ended;
    private bool _broken;

    /// <summary>Creates a writer that sends to <paramref name="transport"/>.</summary>
    public ReplyWriter(IReplyTransport transport)
    {
        _transport = transport;
        Body = new BodyStream(this);
    }

    /// <summary>Creates a writer that sends bytes only to <paramref name="stream"/>.</summary>
    public ReplyWriter(Stream stream)
        : this(new StreamTransport(stream))
    {
    }

    /// <summary>The body: bytes written here are sent in chunks, after the status line.</summary>
    public Stream Body { get; }

    /// <summary>Whether a write to the transport failed: the client went away or stopped reading past the send timeout.</summary>
    public bool HasFailed
    {
        get
        {
            lock (_lock)
            {
                return _broken;
            }
        }
    }

    /// <summary>Sends the opening status line; the body follows. Called at most once, before any body byte.</summary>
    public void Begin(ReplyStatus status)
    {
        lock (_lock)
        {
            ThrowIfEnded();
            if (_begun)
            {
                throw new InvalidOperationException("the reply has already begun");
            }

            _begun = true;
            _transport.Write(status.Encode());
        }
    }

    /// <summary>
    /// Ends the reply with its final status: sends buffered body bytes, the empty chunk and the status.
    /// A reply that never began sends <paramref name="final"/> as its opening status too.
    /// </summary>
    /// <param name="final">The outcome of the command.</param>
    /// <param name="wait">How long to wait for a body write under way on another thread; past it the reply is abandoned unfinished.</param>
    /// <returns>False when the reply had ended already or could not be ended in time.</returns>
    public bool End(ReplyStatus final, TimeSpan? wait = null)
    {
        if (!_lock.TryEnter(wait ?? Timeout.InfiniteTimeSpan))
        {
            return false;
        }

        try
        {
            if (_ended)
            {
                return false;
            }

            _ended = true;
            if (_broken)
            {
                // A body write already failed (the client went away, or stopped reading past the
                // transport's send timeout): another write would only wait for the same timeout.
                return false;
            }

            if (!_begun)
            {
                _begun = true;
                _transport.Write(final.Encode());
            }

            SendPending();
            _transport.Write("0\n"u8);
            _transport.Write(final.Encode());
            _transport.Flush();
            return true;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>
    /// Writes body bytes that describe descriptors, and sends the descriptors with them: descriptor
    /// <c>i</c> is described from <c>descriptionStarts[i]</c> on. The body is cut as
    /// <see cref="DescriptorBatches.Plan"/> says, and each batch rides on the first byte of its chunk.
    /// </summary>
    /// <exception cref="NotSupportedException">The transport cannot pass descriptors.</exception>
    /// <exception cref="IOException">Sending failed (the client went away, or a descriptor was closed meanwhile).</exception>
    public void WriteWithDescriptors(ReadOnlySpan<byte> body, ReadOnlySpan<int> descriptors, ReadOnlySpan<int> descriptionStarts)
    {
        if (descriptors.Length != descriptionStarts.Length)
        {
            throw new ArgumentException("every descriptor needs the offset of its description");
        }

        if (descriptors.IsEmpty)
        {
            WriteBody(body);
            return;
        }

        if (!_transport.CanPassDescriptors)
        {
            throw new NotSupportedException("this connection cannot pass descriptors");
        }

        var batches = DescriptorBatches.Plan(body.Length, descriptionStarts);
        lock (_lock)
        {
            try
            {
                BeginBody();
                SendPending();
                foreach (var batch in batches)
                {
                    var data = body[batch.Start..batch.End];
                    var header = ChunkHeader(data.Length);
                    var chunk = new byte[header.Length + data.Length];
                    header.CopyTo(chunk, 0);
                    data.CopyTo(chunk.AsSpan(header.Length));
                    _transport.Write(chunk, descriptors.Slice(batch.First, batch.Count));
                }

                _transport.Flush();
            }
            catch (IOException)
            {
                _broken = true;
                throw;
            }
        }
    }

    private void WriteBody(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            try
            {
                BeginBody();
                while (!bytes.IsEmpty)
                {
                    var room = ChunkBytes - (int)_pending.Length;
                    var take = Math.Min(room, bytes.Length);
                    _pending.Write(bytes[..take]);
                    bytes = bytes[take..];
                    if (_pending.Length == ChunkBytes)
                    {
                        SendPending();
                    }
                }
            }
            catch (IOException)
            {
                _broken = true;
                throw;
            }
        }
    }

    private void BeginBody()
    {
        ThrowIfEnded();
        if (!_begun)
        {
            _begun = true;
            _transport.Write(ReplyStatus.Ok.Encode());
        }
    }

    private void FlushBody()
    {
        lock (_lock)
        {
            ThrowIfEnded();
            try
            {
                SendPending();
                _transport.Flush();
            }
            catch (IOException)
            {
                _broken = true;
                throw;
            }
        }
    }

    private void SendPending()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        _transport.Write(ChunkHeader((int)_pending.Length));
        _transport.Write(_pending.GetBuffer().AsSpan(0, (int)_pending.Length));
        _pending.SetLength(0);
    }

    private static byte[] ChunkHeader(int size) => Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\n");

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new IOException("the reply has already ended");
        }
    }

    private sealed class BodyStream(ReplyWriter owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => owner.WriteBody(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => owner.WriteBody(buffer);

        public override void Flush() => owner.FlushBody();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
