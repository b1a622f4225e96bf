namespace AttachKit.Attacher;

/// <summary>
/// Waits for a listener to put its socket in place: a watch on its directory (inotify: woken by the rename) plus
/// short polls that back off from 1 ms, which bound the watch's occasional late wake-ups and find a socket
/// published in a private directory, which the watch does not see. Start it before sending the signal, so
/// that the rename cannot be missed.
/// </summary>
internal sealed class SocketWaiter : IDisposable
{
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _changed = new(0);
    private readonly FileSystemWatcher? _watcher;

    private SocketWaiter(ListenerPlace place)
    {
        try
        {
            // Through the directory's descriptor: the watch is on the very directory that was opened safely.
            _watcher = new FileSystemWatcher(place.Directory.DescriptorPath, place.Name)
            {
                NotifyFilter = NotifyFilters.FileName,
            };
            _watcher.Created += (_, _) => Wake();
            _watcher.Renamed += (_, _) => Wake();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // No watch (inotify limits, unreadable directory): the polls alone still find the socket.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    public static SocketWaiter Watch(ListenerPlace place) => new(place);

    /// <summary>Returns once <paramref name="arrived"/> says the socket is there.</summary>
    /// <exception cref="AttachTimeoutException">It did not appear within <paramref name="timeout"/>.</exception>
    public async Task WaitAsync(Func<bool> arrived, TimeSpan timeout, Func<string> whyNot, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = TimeSpan.FromMilliseconds(1);
        while (!arrived())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new AttachTimeoutException(whyNot());
            }

            await _changed.WaitAsync(left < poll ? left : poll, cancellationToken).ConfigureAwait(false);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }

    private void Wake()
    {
        try
        {
            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // A late event after the wait ended.
        }
    }
}
