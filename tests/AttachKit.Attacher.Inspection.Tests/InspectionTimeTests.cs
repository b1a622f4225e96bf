using System.Diagnostics;
using AttachKit.Attacher.Inspection.Locks;
using Xunit.Abstractions;

namespace AttachKit.Attacher.Inspection.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InspectionTimeCollection
{
    public const string Name = "inspection time";
}

/// <summary>How long the target stays paused for an inspection: 100 threads, 20 frames deep, 50 of them waiting.</summary>
[Collection(InspectionTimeCollection.Name)]
public class InspectionTimeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AHundredThreadsAreInspectedWellWithinASecond()
    {
        using var target = await LockTarget.StartAsync("locks-crowd", "count=100", "depth=20");
        var times = new List<TimeSpan>();
        LockReport? report = null;
        for (var i = 0; i < 5; i++)
        {
            using var opened = TargetRuntime.Open(target.Pid);
            var clock = Stopwatch.StartNew();
            report = LockInspector.Inspect(opened.Runtime, CancellationToken.None);
            times.Add(clock.Elapsed);
        }

        times.Sort();
        output.WriteLine($"Inspect of {report!.Threads.Count} threads: median {times[2].TotalMilliseconds:0} ms, min {times[0].TotalMilliseconds:0} ms, max {times[^1].TotalMilliseconds:0} ms");
        Assert.Equal(50, report.Threads.Count(thread => thread.Waiting is { State: OwnerState.Owned }));
        Assert.Empty(report.Deadlocks);
        Assert.Empty(target.StoppedOrTraced());
        // Generous for a busy 2-core machine: measured here it is a small fraction of this.
        Assert.True(times[2] < TimeSpan.FromSeconds(1), $"median {times[2]}");
    }
}
