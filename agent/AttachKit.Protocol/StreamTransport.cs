using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol;

/// <summary>A transport over any stream: bytes only (a pipe, a memory stream, a socket read with read(2)).</summary>
internal sealed class StreamTransport(Stream stream) : IReplyTransport
{
    /// <inheritdoc/>
    public bool CanPassDescriptors => false;

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors)
        => throw new NotSupportedException("this transport carries bytes only; descriptors need a Unix socket");

    /// <inheritdoc/>
    public void Flush() => stream.Flush();

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, ICollection<SafeFileHandle> descriptors, CancellationToken cancellationToken)
        => stream.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException"><paramref name="timeout"/> is finite: a stream's read cannot be given up on the calling thread.</exception>
    public int Read(Span<byte> buffer, TimeSpan timeout)
        => timeout == Timeout.InfiniteTimeSpan
            ? stream.Read(buffer)
            : throw new NotSupportedException("this transport cannot wait with a limit; a deadline needs a Unix socket");
}
