using AttachKit.Linux;
using AttachKit.Linux.Sockets;

namespace AttachKit.Attacher;

/// <summary>
/// Connects to a target's listener, and makes sure it is the target's before anything is sent: the
/// listener's credentials (SO_PEERCRED) must be the target's pid, as this process sees it, and its
/// effective uid. A socket served by anyone else gets nothing: its path and who serves it are reported.
/// </summary>
internal static class AttachConnector
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(20);

    /// <summary>One attempt: a connection to the target's own listener, or null when none of its sockets accepts one.</summary>
    /// <exception cref="AttachPermissionException">A socket exists but this user may not connect to it.</exception>
    /// <exception cref="BrokenReplyException">connect(2) failed otherwise.</exception>
    public static UnixSocket? TryConnect(ListenerPlace place, int pid, uint uid)
    {
        List<SocketFile> candidates;
        try
        {
            candidates = place.Candidates();
        }
        catch (IOException e)
        {
            throw new BrokenReplyException($"cannot look for the socket of process {pid} in {place.Directory.Path}: {e.Message}", e);
        }

        try
        {
            foreach (var candidate in candidates)
            {
                if (TryConnect(candidate, pid, uid, place.ConnectAs) is { } socket)
                {
                    return socket;
                }
            }

            return null;
        }
        finally
        {
            candidates.ForEach(candidate => candidate.Dispose());
        }
    }

    /// <summary>Connects, retrying with a short backoff while the target's sockets refuse, until the deadline.</summary>
    public static async Task<UnixSocket> ConnectAsync(ListenerPlace place, int pid, uint uid, DateTime deadline, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (TryConnect(place, pid, uid) is { } socket)
            {
                return socket;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new AttachTimeoutException($"{place.Path} appeared but refused connections until the deadline; process {pid} may be hung or overloaded");
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="target"/>, waits for its listener's socket to appear,
    /// and connects to it. When none appears in time and another user's listener holds its name, that is the
    /// failure reported.
    /// </summary>
    public static async Task<UnixSocket> SignalAndConnectAsync(TargetProcess target, ListenerPlace place, int signal, TimeSpan timeout, Func<string> whyNot, CancellationToken cancellationToken)
    {
        var uid = target.EffectiveIds().Uid;
        var deadline = DateTime.UtcNow + timeout;
        using (var waiter = SocketWaiter.Watch(place))
        {
            target.Signal(signal);
            try
            {
                await waiter.WaitAsync(place.HasCandidate, timeout, whyNot, cancellationToken).ConfigureAwait(false);
            }
            catch (AttachTimeoutException) when (place.FindSquatter() is { Listening: true } squatter)
            {
                throw Squatted(target.Pid, uid, squatter);
            }
        }

        return await ConnectAsync(place, target.Pid, uid, deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The refusal for a target whose socket's name another user holds, and which has no socket of its own.</summary>
    public static AttachPermissionException Squatted(int pid, uint uid, Squatter squatter)
        => new($"{squatter.Description}, not by process {pid} (uid {uid}): nothing was sent to it. Another user holds the name of process {pid}'s socket");

    private static UnixSocket? TryConnect(SocketFile candidate, int pid, uint uid, (uint Uid, uint Gid)? connectAs)
    {
        UnixSocket? socket;
        int errno;
        try
        {
            // The listener reads its peer's ids at connect(2): for these alone, the target's own, where it would not know this process's.
            using (connectAs is { } ids ? Credentials.BecomeOnThisThread(ids.Uid, ids.Gid) : default)
            {
                socket = UnixSocket.TryConnect(candidate.Handle, out errno);
            }
        }
        catch (IOException e)
        {
            throw new BrokenReplyException($"cannot connect to {candidate.Path}: {e.Message}", e);
        }

        if (socket is null)
        {
            return errno switch
            {
                // ENOENT: gone since; ECONNREFUSED: a stale socket; EAGAIN: the listener's backlog is full (a
                // Unix socket refuses at once rather than queueing, unix(7)).
                Errno.Enoent or Errno.Econnrefused or Errno.Eagain => null,
                Errno.Eacces or Errno.Eperm => throw new AttachPermissionException($"not allowed to connect to {candidate.Path} (the socket of process {pid} is mode 0600): run attachkit as the process's owner or as root"),
                _ => throw new BrokenReplyException($"cannot connect to {candidate.Path}: {Errno.Describe(errno)}"),
            };
        }

        var peer = socket.Peer();
        if (peer.Pid == pid && peer.Uid == uid)
        {
            return socket;
        }

        socket.Dispose();
        throw new AttachPermissionException(
            $"{candidate.Path} is served by pid {peer.Pid} uid {peer.Uid}, not by process {pid} (uid {uid}): nothing was sent to it");
    }
}
