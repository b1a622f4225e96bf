using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

[Trait("Category", "Cli")]
public class ThreadsCrowdTests
{
    [Fact]
    public async Task GroupCollapsesThreeHundredIdenticalWorkersIntoOneGroup()
    {
        using var target = await TargetApp.StartAsync("threads-idle", "count=300");
        var dump = await ThreadDumpCli.JsonAsync(target, "--group");
        var groups = dump.GetProperty("groups").EnumerateArray().ToList();
        var largest = groups[0];
        Assert.Equal(300, largest.GetProperty("count").GetInt32());
        Assert.All(largest.GetProperty("names").EnumerateArray(), name => Assert.Equal("idle-worker", name.GetString()));
        Assert.Equal(300, largest.GetProperty("tids").EnumerateArray().Distinct().Count());
        Assert.Contains("AttachKit.TestTarget.BlockedThreads.SleepForever", largest.Frames());
        Assert.Equal(dump.GetProperty("threadCount").GetInt32(), groups.Sum(group => group.GetProperty("count").GetInt32()));

        var text = await ThreadDumpCli.RunAsync(target, "--group");
        Assert.Contains("\n300 threads: idle-worker ×300\n    at System.Threading.Thread.Sleep\n", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryIdleWorkerShowsItsFramesWhenSpinningThreadsStarveTheProfiler()
    {
        // Eight spinning threads per core: the profiler must still reach every thread, and the agent
        // must still get the CPU to serve the dump.
        using var target = await TargetApp.StartAsync("threads-idle", "count=300", $"hogs={Environment.ProcessorCount * 8}");
        var dump = await ThreadDumpCli.JsonAsync(target);

        var workers = dump.Threads().Where(thread => thread.GetProperty("name").GetString() == "idle-worker").ToList();
        Assert.Equal(300, workers.Count);
        Assert.All(workers, worker => Assert.Contains("AttachKit.TestTarget.BlockedThreads.SleepForever", worker.Frames()));
    }

    [Fact]
    public async Task TopOnePicksTheThreadSpinningOnTheCpu()
    {
        using var target = await TargetApp.StartAsync("threads-spinner");
        var dump = await ThreadDumpCli.JsonAsync(target, "--top", "2", "--interval", "500ms");
        var (busiest, next) = (dump.Threads().First(), dump.Threads().Last());
        Assert.Equal("spinner", busiest.GetProperty("name").GetString());
        Assert.True(busiest.GetProperty("cpuPercent").GetDouble() > next.GetProperty("cpuPercent").GetDouble(), dump.ToString());
        Assert.Contains("AttachKit.TestTarget.BusyThreads.Spin", busiest.Frames());
        Assert.InRange(dump.GetProperty("intervalSeconds").GetDouble(), 0.5, 5);

        var text = await ThreadDumpCli.RunAsync(target, "--top", "1");
        Assert.Matches(@"Busiest 1 by CPU over 1\.\d\ds:\n\n""spinner"" tid=\d+ R \(running\) cpu=[\d.]+m?s \(\d+\.\d% over 1\.\d\ds\)\n", text.Stdout);
    }

    [Fact]
    public async Task DumpCompletesWhileThePoolIsBlockedAndTheCpuSaturated()
    {
        using var target = await TargetApp.StartAsync("threads-starved");
        var started = DateTime.UtcNow;
        var dump = await ThreadDumpCli.JsonAsync(target);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), $"took {DateTime.UtcNow - started}");
        var hogs = dump.Threads().Where(thread => thread.GetProperty("name").GetString()!.StartsWith("hog-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Environment.ProcessorCount * 2, hogs.Count);
        Assert.All(hogs, hog => Assert.Contains("AttachKit.TestTarget.BusyThreads.Spin", hog.Frames()));
        var blockedWorkers = dump.Threads().Count(thread => thread.Frames() is ["System.Threading.Thread.Sleep", var work, ..]
            && work.Contains("StarveThreadPool", StringComparison.Ordinal));
        Assert.Equal(Environment.ProcessorCount, blockedWorkers);
    }
}
