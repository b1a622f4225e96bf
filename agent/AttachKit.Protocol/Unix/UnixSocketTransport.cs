using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol.Unix;

/// <summary>
/// A transport over a connected Unix stream socket that also carries descriptors (SCM_RIGHTS).
/// Plain bytes go through the socket as usual; descriptors, and every read, go through <see cref="ScmRights"/>.
/// </summary>
/// <remarks>
/// Reading with recvmsg(2) matters even for a client that wants no descriptors: read(2) would make the
/// kernel close any that arrive. A sender's descriptor writes wait at most the socket's SendTimeout.
/// </remarks>
public sealed class UnixSocketTransport(Socket socket) : IReplyTransport
{
    /// <inheritdoc/>
    public bool CanPassDescriptors => true;

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[socket.Send(bytes)..];
            }
        }
        catch (SocketException e)
        {
            // As NetworkStream does: callers handle one exception type for a connection that failed.
            throw new IOException($"sending to the peer failed: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors)
        => ScmRights.Send(socket.SafeHandle, bytes, descriptors, socket.SendTimeout > 0 ? TimeSpan.FromMilliseconds(socket.SendTimeout) : Timeout.InfiniteTimeSpan);

    /// <inheritdoc/>
    public void Flush()
    {
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, ICollection<SafeFileHandle> descriptors, CancellationToken cancellationToken)
        => ScmRights.ReceiveAsync(socket, buffer, descriptors, cancellationToken);
}
