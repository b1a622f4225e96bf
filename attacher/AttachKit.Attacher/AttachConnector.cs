using System.Net.Sockets;
using AttachKit.Protocol.Unix;

namespace AttachKit.Attacher;

/// <summary>Connects to an agent's socket path.</summary>
internal static class AttachConnector
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(20);

    /// <summary>One attempt: the connected socket, or null when nothing listens there (no file, or refused).</summary>
    /// <exception cref="AttachPermissionException">The socket exists but this user may not connect to it.</exception>
    public static async Task<Socket?> TryConnectAsync(string path, int pid, CancellationToken cancellationToken)
    {
        SocketAddressPath address;
        try
        {
            address = SocketAddressPath.For(path);
        }
        catch (IOException)
        {
            // The long path's directory cannot be opened (not there yet, or gone): nothing listens.
            return null;
        }

        using var _ = address;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(address.Path), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.TryAgain or SocketError.WouldBlock)
        {
            // ECONNREFUSED: a stale socket; ENOENT (AddressNotAvailable): no file; EAGAIN: the
            // listener's backlog is full (a Unix socket refuses at once rather than queueing, unix(7)).
            socket.Dispose();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            socket.Dispose();
            throw new AttachPermissionException($"not allowed to connect to {path} (the socket of process {pid} is mode 0600): run attachkit as the process's owner or as root", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects, retrying with a short backoff while the socket refuses, until the deadline.</summary>
    public static async Task<Socket> ConnectAsync(string path, int pid, DateTime deadline, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (await TryConnectAsync(path, pid, cancellationToken).ConfigureAwait(false) is { } socket)
            {
                return socket;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new AttachTimeoutException($"{path} appeared but refused connections until the deadline; process {pid} may be hung or overloaded");
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
        }
    }
}
