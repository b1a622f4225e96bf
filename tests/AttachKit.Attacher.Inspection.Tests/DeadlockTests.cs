using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>Two threads deadlocked on monitors, and a third blocked behind them.</summary>
public class MonitorDeadlockTests(MonitorDeadlockTarget fixture) : IClassFixture<MonitorDeadlockTarget>
{
    [Fact]
    public void TheCycleIsFoundOnceWithBothThreads()
    {
        var deadlock = Assert.Single(fixture.Report.Deadlocks);

        Assert.Equal(["dl-a", "dl-b"], deadlock.Threads.Select(thread => thread.Name));
        Assert.Equal(fixture.Thread("dl-b").Ref, deadlock.Threads[0].Waiting!.Owner);
        Assert.Equal(fixture.Thread("dl-a").Ref, deadlock.Threads[1].Waiting!.Owner);
        // Each waits for the very monitor the other holds.
        Assert.Equal(fixture.Thread("dl-b").Held.Single().Object, deadlock.Threads[0].Waiting!.Object);
        Assert.Equal(fixture.Thread("dl-a").Held.Single().Object, deadlock.Threads[1].Waiting!.Object);
    }

    [Fact]
    public void AThreadBlockedBehindTheCycleIsNotInIt()
    {
        var behind = fixture.Thread("dl-behind");

        Assert.Equal("dl-a", behind.Waiting!.Owner!.Name);
        Assert.DoesNotContain(fixture.Report.Deadlocks.SelectMany(deadlock => deadlock.Threads), thread => thread.Name == "dl-behind");
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>Three threads in one cycle of monitors.</summary>
public class ThreeThreadDeadlockTests(ThreeThreadDeadlockTarget fixture) : IClassFixture<ThreeThreadDeadlockTarget>
{
    [Fact]
    public void TheCycleHasAllThreeInOrder()
    {
        var deadlock = Assert.Single(fixture.Report.Deadlocks);

        Assert.Equal(["d3-a", "d3-b", "d3-c"], deadlock.Threads.Select(thread => thread.Name));
        Assert.Equal(["d3-b", "d3-c", "d3-a"], deadlock.Threads.Select(thread => thread.Waiting!.Owner!.Name));
        Assert.All(deadlock.Threads, thread => Assert.Equal(LockKind.Monitor, thread.Waiting!.Kind));
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>Two threads deadlocked on <see cref="Lock"/> objects, which have no sync block.</summary>
public class LockDeadlockTests(LockDeadlockTarget fixture) : IClassFixture<LockDeadlockTarget>
{
    [Fact]
    public void TheCycleIsFoundFromTheLocksOwnerFields()
    {
        var deadlock = Assert.Single(fixture.Report.Deadlocks);

        Assert.Equal(["lk2-a", "lk2-b"], deadlock.Threads.Select(thread => thread.Name));
        Assert.All(deadlock.Threads, thread => Assert.Equal((LockKind.Lock, "System.Threading.Lock"), (thread.Waiting!.Kind, thread.Waiting.Object!.Type)));
        Assert.All(deadlock.Threads, thread => Assert.Equal(LockKind.Lock, thread.Held.Single().Kind));
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>A monitor and a <see cref="Lock"/> in one cycle.</summary>
public class MixedDeadlockTests(MixedDeadlockTarget fixture) : IClassFixture<MixedDeadlockTarget>
{
    [Fact]
    public void TheCycleCrossesKinds()
    {
        var deadlock = Assert.Single(fixture.Report.Deadlocks);

        Assert.Equal(["mx-a", "mx-b"], deadlock.Threads.Select(thread => thread.Name));
        Assert.Equal([LockKind.Lock, LockKind.Monitor], deadlock.Threads.Select(thread => thread.Waiting!.Kind));
        Assert.Equal([LockKind.Monitor, LockKind.Lock], deadlock.Threads.Select(thread => thread.Held.Single().Kind));
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>All four cycles above in one process, and a thread behind one of them.</summary>
public class AllDeadlocksTests(AllDeadlocksTarget fixture) : IClassFixture<AllDeadlocksTarget>
{
    [Fact]
    public void EveryCycleIsFoundExactlyOnce()
    {
        Assert.Equal(
            [["dl-a", "dl-b"], ["d3-a", "d3-b", "d3-c"], ["lk2-a", "lk2-b"], ["mx-a", "mx-b"]],
            fixture.Report.Deadlocks.Select(deadlock => deadlock.Threads.Select(thread => thread.Name).ToArray()));
        Assert.Empty(fixture.StoppedAfterwards);
    }
}

/// <summary>ch-a waits for ch-b, which waits for ch-c, which sleeps: a chain, not a cycle.</summary>
public class ChainTests(ChainTarget fixture) : IClassFixture<ChainTarget>
{
    [Fact]
    public void AChainToASleepingHolderIsNoDeadlockButEachWaitNamesItsHolder()
    {
        Assert.Empty(fixture.Report.Deadlocks);
        Assert.Equal((LockKind.Monitor, "ch-b"), (fixture.Thread("ch-a").Waiting!.Kind, fixture.Thread("ch-a").Waiting!.Owner!.Name));
        Assert.Equal((LockKind.Lock, "ch-c"), (fixture.Thread("ch-b").Waiting!.Kind, fixture.Thread("ch-b").Waiting!.Owner!.Name));
        Assert.Null(fixture.Thread("ch-c").Waiting);
        Assert.Equal(LockKind.Lock, fixture.Thread("ch-c").Held.Single().Kind);
        Assert.Empty(fixture.StoppedAfterwards);
    }
}
