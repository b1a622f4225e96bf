using AttachKit.Attacher.Inspection.Tasks;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>Pending async chains read from a live process (AsyncScenarios.Pending): methods, innermost operations, counts.</summary>
public class TaskInspectorTests(PendingTarget target) : IClassFixture<PendingTarget>
{
    private const string S = PendingTarget.Scenarios;

    private PendingTasksReport Report => target.Report;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void AChainOfAwaitsOnATaskCompletionSourceIsItsMethodsInnermostFirst(int depth)
    {
        var frames = Enumerable.Range(1, depth).Select(level => $"{S}.Await{level}").ToArray();

        var group = Report.Chain(frames);

        Assert.Equal(1, group.Count);
        Assert.Equal(AwaitKind.TaskCompletionSource, group.Awaiting.Kind);
        Assert.Equal("System.Threading.Tasks.Task", group.Awaiting.TypeName);
        Assert.Same(WaitTiming.NotRecorded, group.Timing);
        Assert.Equal(0, group.BlockedThreads);
    }

    [Fact]
    public void IdenticalChainsAreOneGroupWithTheirCount()
    {
        var group = Report.Chain($"{S}.ManyInner", $"{S}.ManyMiddle", $"{S}.ManyOuter");

        Assert.Equal(1000, group.Count);
        Assert.Equal(AwaitKind.TaskCompletionSource, group.Awaiting.Kind);
        Assert.Same(group, Report.Groups[0]);
    }

    [Fact]
    public void ATaskDelayIsATimerWithItsAgeAndWhenItIsDue()
    {
        var group = Report.Chain($"{S}.DelayInner", $"{S}.DelayOuter");

        Assert.Equal(AwaitKind.Timer, group.Awaiting.Kind);
        Assert.Equal(["2 h 0 min delay"], group.Details);
        var timing = group.Timing;
        Assert.Equal(1, timing.Recorded);
        // Started when the target set up, before the inspection: seconds ago, not hours; due two hours after.
        Assert.InRange(timing.OldestAge!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.InRange(timing.SoonestDue!.Value + timing.OldestAge.Value, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ASocketReceiveNamesTheSocketsAddresses()
    {
        var group = Report.Chain($"{S}.ReceiveInner", $"{S}.ReceiveOuter");

        Assert.Equal(AwaitKind.Socket, group.Awaiting.Kind);
        Assert.Equal("a socket receive", group.Awaiting.Description);
        Assert.Matches(@"^local 127\.0\.0\.1:\d+, remote 127\.0\.0\.1:\d+$", Assert.Single(group.Details));
        Assert.Equal(0, group.Timing.Recorded);
    }

    [Fact]
    public void ASemaphoreSlimWaitIsItsOwnKind()
    {
        var group = Report.Chain($"{S}.SemaphoreInner", $"{S}.SemaphoreOuter");

        Assert.Equal(AwaitKind.Semaphore, group.Awaiting.Kind);
        Assert.Equal("System.Threading.SemaphoreSlim+TaskNode", group.Awaiting.TypeName);
    }

    [Fact]
    public void TaskWhenAllIsAFrameInTheChainOfEachOfItsTasks()
    {
        var source = Report.Chain($"{S}.WhenAllBranch", "[Task.WhenAll]", $"{S}.WhenAllOuter");
        var delay = Report.Chain($"{S}.DelayInner", "[Task.WhenAll]", $"{S}.WhenAllOuter");

        Assert.Equal(AwaitKind.TaskCompletionSource, source.Awaiting.Kind);
        Assert.Equal(AwaitKind.Timer, delay.Awaiting.Kind);
    }

    [Fact]
    public void AnAsyncIteratorIsTheFrameInsideItsConsumer()
    {
        var group = Report.Chain($"{S}.IteratorProducer", $"{S}.IteratorConsumer");

        Assert.Equal(AwaitKind.TaskCompletionSource, group.Awaiting.Kind);
    }

    [Fact]
    public void AThreadWaitingSynchronouslyForTheOutermostIsCounted()
    {
        var group = Report.Chain($"{S}.BlockedInner", $"{S}.BlockedOuter");

        Assert.Equal(1, group.BlockedThreads);
    }

    [Fact]
    public void TheTotalsCountEveryPendingAsyncMethod()
    {
        // 15 in the chains of depth 1 to 5, 2 each for the delay, the socket, the semaphore, the blocked thread
        // and the async iterator, 3 for Task.WhenAll (with its delay), 3000 for the identical chains.
        Assert.Equal(15 + 10 + 3 + 3000, Report.PendingStateMachines);
        Assert.Equal(5 + 5 + 2 + 1000, Report.ChainCount);
        Assert.False(Report.ChainsTruncated);
        Assert.Equal(Report.ChainCount, Report.Groups.Sum(group => group.Count));
        Assert.True(Report.PendingTasks > Report.PendingStateMachines);
        Assert.Equal(0, Report.Heap.SegmentsCutShort);
        Assert.True(Report.Heap.Objects > Report.PendingTasks);
    }

    [Fact]
    public void GroupsAreLargestFirst()
    {
        Assert.Equal(Report.Groups.OrderByDescending(group => group.Count).Select(group => group.Count), Report.Groups.Select(group => group.Count));
    }

    [Fact]
    public void ACancelledInspectionStopsAndTheTargetRunsOn()
    {
        using (var paused = PausedRuntime.Open(target.Target.Pid))
        {
            Assert.Throws<OperationCanceledException>(() => TaskInspector.Inspect(paused.Runtime, new CancellationToken(canceled: true)));
        }

        PausedRuntime.AssertRunsOn(target.Target.Pid);
    }

    [Fact]
    public void TheTargetRunsOnAfterEveryInspection()
    {
        for (var i = 0; i < 3; i++)
        {
            var report = Inspection.Of(target.Target.Pid);
            Assert.Equal(Report.ChainCount, report.ChainCount);
        }

        Assert.False(target.Target.HasExited);
    }
}
