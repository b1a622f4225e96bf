using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol;

/// <summary>
/// Reads one reply (docs/PROTOCOL.md): status, body chunks, final status; inside AttachKit, also the
/// descriptors that arrive with the body when the transport carries them.
/// </summary>
public sealed class ReplyReader
{
    private readonly IReplyTransport _transport;
    private readonly List<SafeFileHandle> _descriptors = [];
    // Not zeroed: every byte is written by a read before it is looked at (saves clearing 64 KB in a short-lived CLI).
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(64 * 1024);
    private int _start;
    private int _end;
    private long _chunkLeft;
    private bool _bodyDone;

    /// <summary>Creates a reader that reads from <paramref name="transport"/>.</summary>
    internal ReplyReader(IReplyTransport transport) => _transport = transport;

    /// <summary>Creates a reader of bytes only from <paramref name="stream"/>.</summary>
    public ReplyReader(Stream stream)
        : this(new StreamTransport(stream))
    {
    }

    /// <summary>
    /// The descriptors received so far, in the order the agent sent them, owned by this reader until
    /// taken. Those a body chunk describes have arrived by the time any byte of that chunk is read.
    /// </summary>
    internal IReadOnlyList<SafeFileHandle> Descriptors => _descriptors;

    /// <summary>Hands the descriptors received so far to the caller, who then owns (and closes) them.</summary>
    internal IReadOnlyList<SafeFileHandle> TakeDescriptors()
    {
        var taken = _descriptors.ToList();
        _descriptors.Clear();
        return taken;
    }

    /// <summary>The final status, once the body has been read to its end.</summary>
    public ReplyStatus? Final { get; private set; }

    /// <summary>Reads the opening status line.</summary>
    /// <exception cref="IncompleteReplyException">The connection closed before a status line arrived.</exception>
    public async ValueTask<ReplyStatus> ReadStatusAsync(CancellationToken cancellationToken = default)
        => ReplyStatus.Parse(await ReadLineAsync("status line", cancellationToken).ConfigureAwait(false));

    /// <summary>Reads body bytes; returns 0 once the body has ended and <see cref="Final"/> is known.</summary>
    /// <exception cref="IncompleteReplyException">The connection closed before the reply ended.</exception>
    public async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (!_bodyDone && _chunkLeft == 0)
        {
            var header = Encoding.ASCII.GetString(await ReadLineAsync("chunk header", cancellationToken).ConfigureAwait(false));
            if (!long.TryParse(header, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _chunkLeft)
                || _chunkLeft < 0 || _chunkLeft > ProtocolLimits.MaxChunkBytes)
            {
                throw new ProtocolException($"bad chunk header '{header}'");
            }

            if (_chunkLeft == 0)
            {
                Final = ReplyStatus.Parse(await ReadLineAsync("final status line", cancellationToken).ConfigureAwait(false));
                _bodyDone = true;
            }
        }

        if (_bodyDone || destination.IsEmpty)
        {
            return 0;
        }

        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new IncompleteReplyException($"the connection closed with {_chunkLeft} bytes of a chunk still to come");
        }

        var count = (int)Math.Min(Math.Min(_chunkLeft, _end - _start), destination.Length);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        _chunkLeft -= count;
        return count;
    }

    /// <summary>Copies the whole body to <paramref name="destination"/>, flushing as it goes, and returns the final status.</summary>
    public async Task<ReplyStatus> CopyBodyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ReadBodyAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            if (_chunkLeft == 0 && _start == _end)
            {
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return Final!.Value;
    }

    private async ValueTask<byte[]> ReadLineAsync(string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Only the line's own bytes are searched: one longer than the limit is refused whether or not its LF came in the same read.
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, Math.Min(_end - _start, ProtocolLimits.MaxStatusLineBytes));
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline - _start).ToArray();
                _start = newline + 1;
                return line;
            }

            if (_end - _start >= ProtocolLimits.MaxStatusLineBytes)
            {
                throw new ProtocolException($"{what} longer than {ProtocolLimits.MaxStatusLineBytes} bytes");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IncompleteReplyException($"the connection closed before the {what}");
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _transport.ReadAsync(_buffer.AsMemory(_end), _descriptors, cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
