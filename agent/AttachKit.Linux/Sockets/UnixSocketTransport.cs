using AttachKit.Protocol;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// A transport over a connected <see cref="UnixSocket"/>: bytes, and descriptors with them (SCM_RIGHTS),
/// both ways through <see cref="ScmRights"/>. A write fails when the peer takes no bytes for
/// <paramref name="sendStall"/>, so a peer that stopped reading cannot hold the writer; a read fails when
/// nothing arrives for <paramref name="receiveStall"/>, so a peer that went silent cannot hold the reader.
/// A read that finds nothing waits through <paramref name="waitReadable"/> when given; without it, in
/// poll(2) on the calling thread, which a cancellation wakes by shutting the socket down.
/// </summary>
/// <remarks>
/// Reading with recvmsg(2) matters even for a client that wants no descriptors: read(2) would make the
/// kernel close any that arrive.
/// </remarks>
/// <param name="socket">The connection; the caller keeps it and disposes it.</param>
/// <param name="sendStall">How long the peer may take no bytes of a write (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).</param>
/// <param name="receiveStall">How long a read may find nothing before it fails with <see cref="TimeoutException"/> (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).</param>
/// <param name="waitReadable">Completes when a read would not block (bytes, or the end of the stream).</param>
internal sealed class UnixSocketTransport(
    UnixSocket socket,
    TimeSpan sendStall,
    TimeSpan receiveStall,
    Func<CancellationToken, ValueTask>? waitReadable = null) : IReplyTransport
{
    /// <summary>A transport that waits for reads on the calling thread, with no limit on a silent peer.</summary>
    public UnixSocketTransport(UnixSocket socket, TimeSpan sendStall)
        : this(socket, sendStall, Timeout.InfiniteTimeSpan)
    {
    }

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
    /// <exception cref="TimeoutException">Nothing arrived for the receive stall limit.</exception>
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
                await WaitThroughAsync(waitReadable, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>recv(2), not recvmsg: the kernel closes any descriptor that comes with the bytes.</remarks>
    public int Read(Span<byte> buffer, TimeSpan timeout) => socket.Receive(buffer, timeout);

    private void WaitOnCallingThread(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool ready;
        using (cancellationToken.Register(static connection => ((UnixSocket)connection!).Shutdown(), socket))
        {
            ready = socket.WaitReadable(receiveStall);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!ready)
        {
            throw Stalled();
        }
    }

    private async ValueTask WaitThroughAsync(Func<CancellationToken, ValueTask> wait, CancellationToken cancellationToken)
    {
        if (receiveStall == Timeout.InfiniteTimeSpan)
        {
            await wait(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(receiveStall);
        try
        {
            await wait(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Stalled();
        }
    }

    private TimeoutException Stalled() => new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the peer sent nothing for {receiveStall.TotalSeconds:0.###} s"));
}
