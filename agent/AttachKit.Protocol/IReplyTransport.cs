using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol;

/// <summary>
/// The connection a reply travels over: bytes both ways and, where the connection allows it,
/// descriptors attached to bytes (SCM_RIGHTS on a Unix socket). <see cref="ReplyWriter"/> and
/// <see cref="ReplyReader"/> use nothing else, so framing never depends on what carries it.
/// </summary>
internal interface IReplyTransport
{
    /// <summary>Whether descriptors can travel with the bytes.</summary>
    bool CanPassDescriptors { get; }

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// Sends all of <paramref name="bytes"/> with <paramref name="descriptors"/> attached to the first
    /// byte, as one message (at most <see cref="DescriptorBatches.MaxPerMessage"/> descriptors).
    /// </summary>
    /// <exception cref="NotSupportedException">The transport cannot pass descriptors.</exception>
    void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors);

    /// <summary>Sends anything buffered.</summary>
    void Flush();

    /// <summary>
    /// Reads at least one byte (0 at the end of the stream) into <paramref name="buffer"/>; descriptors
    /// that arrive with those bytes are added, owned, to <paramref name="descriptors"/> in arrival order.
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, ICollection<SafeFileHandle> descriptors, CancellationToken cancellationToken);

    /// <summary>
    /// Reads what has arrived into <paramref name="buffer"/>, waiting at most <paramref name="timeout"/>
    /// on the calling thread for something to: how an agent reads a request under its deadline with no
    /// timer or other thread (a timer runs on the thread pool, which may be starved when people attach).
    /// Bytes only: descriptors sent with them are not taken (a Unix socket's kernel closes them), since
    /// an agent accepts none.
    /// </summary>
    /// <returns>The bytes read, 0 at the end of the stream, -1 when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="IOException">The read failed.</exception>
    /// <exception cref="NotSupportedException">The transport cannot wait with a limit.</exception>
    int Read(Span<byte> buffer, TimeSpan timeout);
}
