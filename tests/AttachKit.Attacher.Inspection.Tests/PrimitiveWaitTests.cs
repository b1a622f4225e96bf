using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>Reader-writer locks: a writer the runtime records, readers it only counts.</summary>
public class ReaderWriterTests(ReaderWriterTarget fixture) : IClassFixture<ReaderWriterTarget>
{
    [Fact]
    public void AReaderWaitsForTheRecordedWriter()
    {
        var waiting = fixture.Thread("rw-reader").Waiting!;
        var writer = fixture.Thread("rw-writer");

        Assert.Equal((LockKind.ReaderWriterLockSlim, LockMode.Read, OwnerState.Owned, LockMode.Write), (waiting.Kind, waiting.Mode, waiting.State, waiting.OwnerMode));
        Assert.Equal(writer.Ref, waiting.Owner);
        var held = Assert.Single(writer.Held);
        Assert.Equal((waiting.Object, LockMode.Write), (held.Object, held.Mode));
    }

    [Fact]
    public void AWriterWaitingForReadersIsToldTheyAreNotRecorded()
    {
        var waiting = fixture.Thread("rw-write-wait").Waiting!;

        Assert.Equal((LockKind.ReaderWriterLockSlim, LockMode.Write, OwnerState.Readers, 1), (waiting.Kind, waiting.Mode, waiting.State, waiting.Readers));
        Assert.Null(waiting.Owner);
        Assert.Empty(fixture.Thread("rw-read-holder").Held);
        Assert.Contains("readers are not recorded", LockReportText.Waiting(waiting), StringComparison.Ordinal);
        Assert.Empty(fixture.Report.Deadlocks);
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>Waits that are not for a lock: a monitor's condition, a semaphore, an event.</summary>
public class ConditionWaitTests(ConditionWaitsTarget fixture) : IClassFixture<ConditionWaitsTarget>
{
    [Fact]
    public void MonitorWaitIsWaitingOnAConditionNotToLock()
    {
        var waiter = fixture.Thread("mw-cond");

        Assert.Equal((LockKind.Monitor, LockMode.Wait, OwnerState.Condition), (waiter.Waiting!.Kind, waiter.Waiting.Mode, waiter.Waiting.State));
        Assert.False(waiter.Waiting.IsAcquire);
        // The condition's monitor is released while waiting; the outer one stays held.
        var held = Assert.Single(waiter.Held);
        Assert.NotEqual(waiter.Waiting.Object, held.Object);
        Assert.Equal(held.Object, fixture.Thread("mw-enter").Waiting!.Object);
        Assert.Equal("mw-cond", fixture.Thread("mw-enter").Waiting!.Owner!.Name);
        Assert.StartsWith("waiting on <0x", LockReportText.Waiting(waiter.Waiting), StringComparison.Ordinal);
    }

    [Fact]
    public void SemaphoresAndEventsHaveNoOwnerToName()
    {
        var semaphore = fixture.Thread("mw-semaphore").Waiting!;
        var manualReset = fixture.Thread("mw-mres").Waiting!;

        // The primitive the thread called, not the monitor it waits on inside.
        Assert.Equal((LockKind.SemaphoreSlim, "System.Threading.SemaphoreSlim", OwnerState.NotRecorded), (semaphore.Kind, semaphore.Object!.Type, semaphore.State));
        Assert.Equal((LockKind.ManualResetEventSlim, "System.Threading.ManualResetEventSlim", OwnerState.NotRecorded), (manualReset.Kind, manualReset.Object!.Type, manualReset.State));
        Assert.Null(semaphore.Owner);
        Assert.Contains("which has no owner", LockReportText.Waiting(semaphore), StringComparison.Ordinal);
    }

    [Fact]
    public void ABlockingWaitForATaskIsForTheTask()
    {
        var task = fixture.Thread("mw-task").Waiting!;

        Assert.Equal((LockKind.Task, "System.Threading.Tasks.Task<System.Int32>", OwnerState.NotRecorded), (task.Kind, task.Object!.Type, task.State));
        Assert.StartsWith("waiting for <0x", LockReportText.Waiting(task), StringComparison.Ordinal);
    }

    [Fact]
    public void AThreadWaitingForAConditionHolderIsNoDeadlock()
    {
        Assert.Empty(fixture.Report.Deadlocks);
        Assert.Empty(fixture.StoppedAfterwards);
    }
}
