using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>A monitor and a <see cref="Lock"/>, each held by a sleeping thread and waited for by another; no deadlock.</summary>
public class HeldLockTests(HeldLocksTarget fixture) : IClassFixture<HeldLocksTarget>
{
    [Fact]
    public void AWaiterSeesTheMonitorItWaitsForAndItsOwner()
    {
        var waiting = fixture.Thread("lk-waiter").Waiting!;

        Assert.Equal((LockKind.Monitor, LockMode.Enter, OwnerState.Owned), (waiting.Kind, waiting.Mode, waiting.State));
        Assert.Equal("System.Object", waiting.Object!.Type);
        Assert.Equal("lk-owner", waiting.Owner!.Name);
        Assert.Equal(fixture.Target.Tids["lk-owner"], waiting.Owner.Tid);
        Assert.Equal(fixture.Thread("lk-owner").ManagedId, waiting.Owner.ManagedId);
    }

    [Fact]
    public void AnOwnerHoldsEachMonitorUnderTheFrameThatTookIt()
    {
        var owner = fixture.Thread("lk-owner");
        var gate = fixture.Thread("lk-waiter").Waiting!.Object!;

        Assert.Equal(2, owner.Held.Count);
        // The contended one (a sync block) where it was locked, not in the caller that passed it down.
        Assert.Equal(gate, owner.Held[0].Object);
        Assert.Equal("AttachKit.TestTarget.LockScenarios.HoldMonitor", owner.Frames[owner.Held[0].Frame!.Value]);
        // The uncontended one (a thin lock in the object's header).
        Assert.Equal("AttachKit.TestTarget.LockScenarios.HoldBoth", owner.Frames[owner.Held[1].Frame!.Value]);
        Assert.All(owner.Held, held => Assert.Equal((LockKind.Monitor, LockMode.Enter, 1), (held.Kind, held.Mode, held.Entries)));
        Assert.Null(owner.Waiting);
    }

    [Fact]
    public void AThreadThatOnlyReferencesAHeldObjectNeitherHoldsNorWaits()
    {
        var bystander = fixture.Thread("lk-bystander");

        Assert.Empty(bystander.Held);
        Assert.Null(bystander.Waiting);
    }

    [Fact]
    public void ALockShowsItsOwnerAndWaiter()
    {
        var waiting = fixture.Thread("lk-lock-waiter").Waiting!;
        var owner = fixture.Thread("lk-lock-owner");

        Assert.Equal((LockKind.Lock, LockMode.Enter, OwnerState.Owned), (waiting.Kind, waiting.Mode, waiting.State));
        Assert.Equal("System.Threading.Lock", waiting.Object!.Type);
        Assert.Equal(owner.Ref, waiting.Owner);
        var held = Assert.Single(owner.Held);
        Assert.Equal((waiting.Object, LockKind.Lock), (held.Object, held.Kind));
        Assert.Equal("AttachKit.TestTarget.LockScenarios.HoldLock", owner.Frames[held.Frame!.Value]);
    }

    [Fact]
    public void ThreadsHaveTheirNamesTidsAndFramesAsThreadsShowsThem()
    {
        foreach (var (name, tid) in fixture.Target.Tids)
        {
            Assert.Equal(tid, fixture.Thread(name).Tid);
        }

        // The main thread has no Thread.Name: the kernel's name of the thread stands in.
        Assert.Contains(fixture.Report.Threads, thread => thread.Tid == fixture.Target.Pid && thread.Name.Length > 0);
        Assert.Equal(fixture.Target.Pid, fixture.Report.ProcessId);
        var owner = fixture.Thread("lk-owner");
        Assert.Equal("System.Threading.Thread.Sleep", owner.Frames[0]);
        Assert.Equal("System.Threading.Thread.StartCallback", owner.Frames[^1]);
        Assert.All(fixture.Report.Threads.SelectMany(thread => thread.Frames), frame => Assert.DoesNotContain('(', frame));
    }

    [Fact]
    public void NoDeadlockAndTheTargetRunsOn()
    {
        Assert.Empty(fixture.Report.Deadlocks);
        Assert.Empty(fixture.StoppedAfterwards);
    }
}
