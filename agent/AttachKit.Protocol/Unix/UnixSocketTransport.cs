using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol.Unix;

/// <summary>
/// A transport over a connected <see cref="UnixSocket"/>: bytes, and descriptors with them (SCM_RIGHTS),
/// both ways through <see cref="ScmRights"/>. A write fails when the peer takes no bytes for
/// <paramref name="sendStall"/>, so a peer that stopped reading cannot hold the writer. A read that finds
/// nothing waits through <paramref name="waitReadable"/> when given; without it, in poll(2) on the calling
/// thread, which a cancellation wakes by shutting the socket down.
/// </summary>
/// <remarks>
/// Reading with recvmsg(2) matters even for a client that wants no descriptors: read(2) would make the
/// kernel close any that arrive.
/// </remarks>
/// <param name="socket">The connection; the caller keeps it and disposes it.</param>
/// <param name="sendStall">How long the peer may take no bytes of a write (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).</param>
/// <param name="waitReadable">Completes when a read would not block (bytes, or the end of the stream).</param>
public sealed class UnixSocketTransport(UnixSocket socket, TimeSpan sendStall, Func<CancellationToken, ValueTask>? waitReadable = null) : IReplyTransport
{
    /// <inheritdoc/>
    public bool CanPassDescriptors => true;

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes) => Write(bytes, []);

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors)
    {
        if (!bytes.IsEmpty || !descriptors.IsEmpty)
        {
            ScmRights.Send(socket.Handle, bytes, descriptors, sendStall);
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, ICollection<SafeFileHandle> descriptors, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = ScmRights.Receive(socket.Handle, buffer.Span, descriptors);
            if (read >= 0)
            {
                return read;
            }

            if (waitReadable is null)
            {
                WaitOnCallingThread(cancellationToken);
            }
            else
            {
                await waitReadable(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void WaitOnCallingThread(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using (cancellationToken.Register(static connection => ((UnixSocket)connection!).Shutdown(), socket))
        {
            socket.WaitReadable(Timeout.InfiniteTimeSpan);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
