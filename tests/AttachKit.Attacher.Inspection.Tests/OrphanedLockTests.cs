using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>A monitor and a <see cref="Lock"/> whose owner ended without leaving them.</summary>
public class OrphanedLockTests(OrphanedLocksTarget fixture) : IClassFixture<OrphanedLocksTarget>
{
    [Fact]
    public void AWaitForAMonitorOfAnEndedThreadSaysSo()
    {
        var waiting = fixture.Thread("lk-orphan-wait").Waiting!;

        Assert.Equal((LockKind.Monitor, OwnerState.OwnerExited), (waiting.Kind, waiting.State));
        Assert.DoesNotContain(fixture.Report.Threads, thread => thread.Name == "lk-orphaner");
        Assert.Contains("a thread that has exited without releasing it", LockReportText.Waiting(waiting), StringComparison.Ordinal);
    }

    [Fact]
    public void AWaitForALockOfAnEndedThreadSaysSo()
    {
        var waiting = fixture.Thread("lk-orphan-lwait").Waiting!;

        Assert.Equal((LockKind.Lock, OwnerState.OwnerExited), (waiting.Kind, waiting.State));
        Assert.Empty(fixture.Report.Deadlocks);
        Assert.Empty(fixture.StoppedAfterwards);
    }
}
