namespace AttachKit.Attacher;

/// <summary>
/// Waits for the agent to rename its socket into place: a directory watch (inotify, tens of µs)
/// plus short polls that back off from 1 ms, which bound the watch's occasional late wake-ups (FINDINGS).
/// Start it before sending the signal, so that the rename cannot be missed.
/// </summary>
internal sealed class SocketWaiter : IDisposable
{
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(50);

    private readonly string _path;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly FileSystemWatcher? _watcher;

    private SocketWaiter(string path)
    {
        _path = path;
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
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

    public static SocketWaiter Watch(string path) => new(path);

    /// <summary>Returns once the socket file exists.</summary>
    /// <exception cref="AttachTimeoutException">It did not appear within <paramref name="timeout"/>.</exception>
    public async Task WaitAsync(TimeSpan timeout, Func<string> whyNot, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = TimeSpan.FromMilliseconds(1);
        while (!File.Exists(_path))
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
