using AttachKit.Protocol.Unix;

namespace AttachKit.Attacher;

/// <summary>Connects to an agent's socket path.</summary>
internal static class AttachConnector
{
    private const int Eperm = 1;
    private const int Enoent = 2;
    private const int Eagain = 11;
    private const int Eacces = 13;
    private const int Econnrefused = 111;

    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(20);

    /// <summary>One attempt: the connected socket, or null when nothing listens there (no file, or refused).</summary>
    /// <exception cref="AttachPermissionException">The socket exists but this user may not connect to it.</exception>
    /// <exception cref="BrokenReplyException">connect(2) failed otherwise.</exception>
    public static UnixSocket? TryConnect(string path, int pid)
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
        UnixSocket? socket;
        int errno;
        try
        {
            socket = UnixSocket.TryConnect(address.Path, out errno);
        }
        catch (IOException e)
        {
            throw new BrokenReplyException($"cannot connect to {path}: {e.Message}", e);
        }

        return socket ?? errno switch
        {
            // ENOENT: no file; ECONNREFUSED: a stale socket; EAGAIN: the listener's backlog is full (a
            // Unix socket refuses at once rather than queueing, unix(7)).
            Enoent or Econnrefused or Eagain => null,
            Eacces or Eperm => throw new AttachPermissionException($"not allowed to connect to {path} (the socket of process {pid} is mode 0600): run attachkit as the process's owner or as root"),
            _ => throw new BrokenReplyException($"cannot connect to {path}: errno {errno}"),
        };
    }

    /// <summary>Connects, retrying with a short backoff while the socket refuses, until the deadline.</summary>
    public static async Task<UnixSocket> ConnectAsync(string path, int pid, DateTime deadline, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (TryConnect(path, pid) is { } socket)
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
