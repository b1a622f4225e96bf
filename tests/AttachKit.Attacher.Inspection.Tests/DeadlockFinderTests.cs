using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>The cycle search over the wait-for graph, on threads made up here.</summary>
public class DeadlockFinderTests
{
    [Fact]
    public void EachCycleIsFoundOnceStartingFromItsFirstThread()
    {
        LockThread[] threads =
        [
            Waiting(1, on: 2), Waiting(2, on: 1), Waiting(3, on: 1),   // a cycle, and one behind it
            Waiting(4, on: 6), Waiting(5, on: 4), Waiting(6, on: 5),   // a cycle met from its middle first
            Waiting(7, on: 8), Idle(8),                                 // a chain to a sleeping holder
        ];

        var deadlocks = Deadlocks.Find(threads);

        Assert.Equal([[1, 2], [4, 6, 5]], deadlocks.Select(deadlock => deadlock.Threads.Select(thread => thread.Tid).ToArray()));
    }

    [Fact]
    public void WaitsThatAreNoEdgeMakeNoCycle()
    {
        var condition = new LockWait(LockKind.Monitor, LockMode.Wait, Object(1), OwnerState.Condition, null);
        var exited = new LockWait(LockKind.Monitor, LockMode.Enter, Object(2), OwnerState.OwnerExited, new ThreadRef(0, 9, ""));
        LockThread[] threads =
        [
            Waiting(1, on: 2),
            Thread(2) with { Waiting = condition },
            Thread(3) with { Waiting = exited },
            Thread(4) with { Waiting = new LockWait(LockKind.ReaderWriterLockSlim, LockMode.Write, Object(3), OwnerState.Readers, null, Readers: 2) },
        ];

        Assert.Empty(Deadlocks.Find(threads));
    }

    private static LockObject Object(int tid) => new((ulong)(0x7f0000001000 + tid * 0x18), "System.Object");

    private static LockThread Thread(int tid) => new(tid, tid, $"t{tid}", ["App.Work"], [], null);

    private static LockThread Idle(int tid) => Thread(tid) with { Held = [new HeldLock(Object(tid), LockKind.Monitor, LockMode.Enter, 1, 0)] };

    private static LockThread Waiting(int tid, int on)
        => Idle(tid) with { Waiting = new LockWait(LockKind.Monitor, LockMode.Enter, Object(on), OwnerState.Owned, new ThreadRef(on, on, $"t{on}")) };
}
