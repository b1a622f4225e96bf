using System.Diagnostics;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

/// <summary>
/// The first dump of a process is the one that hung when the stream was parsed in-process
/// (docs/INTERNALS.md, "Thread dumps"):
/// many fresh processes, a few at a time, each dumped once.
/// </summary>
[Trait("Category", "Cli")]
public class ThreadsFirstDumpTests
{
    private const int Processes = 50;
    private const int AtATime = 4;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FiftyFirstDumpsInFreshProcessesNeverHang()
    {
        using var slots = new SemaphoreSlim(AtATime);
        var runs = Enumerable.Range(0, Processes).Select(async _ =>
        {
            await slots.WaitAsync();
            try
            {
                using var target = await TargetApp.StartAsync("threads-blocked");
                var started = Stopwatch.GetTimestamp();
                var result = await ThreadDumpCli.RunAsync(target);
                var took = Stopwatch.GetElapsedTime(started);
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains("\"lock-waiter\" tid=", result.Stdout, StringComparison.Ordinal);
                return took;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        var times = await Task.WhenAll(runs);
        Assert.All(times, took => Assert.True(took < Limit, $"a first dump took {took}"));
    }
}
