using System.Globalization;
using System.Net;

namespace AttachKit.Agent.Hosting.Tests;

/// <summary>
/// Sequential GETs to a loopback server while a test does other things: it runs until told to stop
/// (or a minute has passed, whatever the test does) and records every request that did not come back 200.
/// It is bounded in time, not in count: cached answers take a millisecond, so a count runs out
/// while a slow machine is still attaching.
/// </summary>
internal sealed class RequestLoop
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    private readonly List<string> _failures = [];
    private int _count;
    private volatile int _stopAfter = int.MaxValue;

    private RequestLoop()
    {
    }

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> Failures => _failures;

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts requesting <paramref name="pathFor"/>(i) for i = 0, 1, 2, …</summary>
    public static RequestLoop Start(HttpClient http, Func<int, string> pathFor)
    {
        var loop = new RequestLoop();
        loop.Completion = Task.Run(() => loop.RunAsync(http, pathFor));
        return loop;
    }

    /// <summary>Waits until <paramref name="count"/> requests have been answered.</summary>
    public async Task WaitForAsync(int count)
    {
        while (Count < count && !Completion.IsCompleted)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Makes <paramref name="more"/> more requests from now, then ends.</summary>
    public Task StopAfterAsync(int more)
    {
        _stopAfter = Count + more;
        return Completion;
    }

    private async Task RunAsync(HttpClient http, Func<int, string> pathFor)
    {
        var started = DateTime.UtcNow;
        for (var i = 0; i < _stopAfter && DateTime.UtcNow - started < MaxDuration; i++)
        {
            var path = pathFor(i);
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {(int)response.StatusCode}"));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _failures.Add($"{path}: {e.GetType().Name}: {e.Message}");
            }

            Interlocked.Increment(ref _count);
        }
    }
}
