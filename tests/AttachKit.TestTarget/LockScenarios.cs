using System.Globalization;
using System.Runtime.CompilerServices;

namespace AttachKit.TestTarget;

/// <summary>
/// Scenarios for lock owners and deadlocks: threads that hold and wait for monitors (<c>lock</c>),
/// <see cref="Lock"/> objects and <see cref="ReaderWriterLockSlim"/>s, in cycles and in chains that are
/// not cycles. None installs the agent: these are read from outside, in any .NET process. Each prints
/// <c>threads name=tid …</c> before "ready"; thread names fit the kernel's 15 bytes.
/// </summary>
internal static class LockScenarios
{
    private static readonly List<object> Kept = [];

    /// <summary>
    /// lk-owner holds lk-quiet's monitor (uncontended, a thin lock) in one frame and Gate's in the next,
    /// and sleeps; lk-waiter waits to lock Gate; lk-bystander only keeps a reference to Gate. lk-lock-owner
    /// holds a <see cref="Lock"/> that lk-lock-waiter waits for.
    /// </summary>
    public static void Held(string[] args)
    {
        var gate = new object();
        var quiet = new object();
        var lockObject = new LockRef(new Lock());
        var threads = new LockThreads();
        threads.Start("lk-owner", () => HoldBoth(quiet, gate));
        threads.Start("lk-bystander", () => KeepReference(gate));
        threads.Start("lk-lock-owner", () => HoldLock(lockObject));
        threads.WaitUntilBlocked();
        threads.Start("lk-waiter", () => Enter(gate));
        threads.Start("lk-lock-waiter", () => Enter(lockObject));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>
    /// lk-orphaner enters a monitor and a <see cref="Lock"/> and ends without leaving either; lk-orphan-wait
    /// waits for the monitor, lk-orphan-lwait for the Lock. The ended thread's Thread object is kept.
    /// </summary>
    public static void Orphaned(string[] args)
    {
        var monitor = new object();
        var lockObject = new LockRef(new Lock());
        var orphaner = new Thread(() =>
        {
            Monitor.Enter(monitor);
            lockObject.Value.Enter();
        })
        { Name = "lk-orphaner" };
        orphaner.Start();
        orphaner.Join();
        Kept.Add(orphaner);
        var threads = new LockThreads();
        threads.Start("lk-orphan-wait", () => Enter(monitor));
        threads.Start("lk-orphan-lwait", () => Enter(lockObject));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>dl-a and dl-b, each holding the monitor the other waits for; dl-behind waits for dl-a's, outside the cycle.</summary>
    public static void MonitorDeadlock(string[] args)
    {
        var threads = new LockThreads();
        var first = new object();
        Cycle(threads, [("dl-a", first), ("dl-b", new object())]);
        threads.Start("dl-behind", () => Enter(first));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>d3-a waits for d3-b, d3-b for d3-c, d3-c for d3-a, all on monitors.</summary>
    public static void ThreeThreadDeadlock(string[] args)
    {
        var threads = new LockThreads();
        Cycle(threads, [("d3-a", new object()), ("d3-b", new object()), ("d3-c", new object())]);
        threads.Print();
    }

    /// <summary>lk2-a and lk2-b deadlocked on two <see cref="Lock"/> objects.</summary>
    public static void LockDeadlock(string[] args)
    {
        var threads = new LockThreads();
        Cycle(threads, [("lk2-a", new LockRef(new Lock())), ("lk2-b", new LockRef(new Lock()))]);
        threads.Print();
    }

    /// <summary>mx-a holds a monitor and waits for a <see cref="Lock"/> that mx-b holds, which waits for the monitor.</summary>
    public static void MixedDeadlock(string[] args)
    {
        var threads = new LockThreads();
        Cycle(threads, [("mx-a", new object()), ("mx-b", new LockRef(new Lock()))]);
        threads.Print();
    }

    /// <summary>Every deadlock above in one process: four cycles, and dl-behind.</summary>
    public static void AllDeadlocks(string[] args)
    {
        var threads = new LockThreads();
        var first = new object();
        Cycle(threads, [("dl-a", first), ("dl-b", new object())]);
        Cycle(threads, [("d3-a", new object()), ("d3-b", new object()), ("d3-c", new object())]);
        Cycle(threads, [("lk2-a", new LockRef(new Lock())), ("lk2-b", new LockRef(new Lock()))]);
        Cycle(threads, [("mx-a", new object()), ("mx-b", new LockRef(new Lock()))]);
        threads.Start("dl-behind", () => Enter(first));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>ch-a waits for a monitor ch-b holds; ch-b waits for a <see cref="Lock"/> ch-c holds; ch-c sleeps: a chain, no deadlock.</summary>
    public static void Chain(string[] args)
    {
        var threads = new LockThreads();
        var monitor = new object();
        var lockObject = new LockRef(new Lock());
        threads.Start("ch-c", () => HoldLock(lockObject));
        threads.WaitUntilBlocked();
        threads.Start("ch-b", () => HoldAndEnter(monitor, lockObject));
        threads.WaitUntilBlocked();
        threads.Start("ch-a", () => Enter(monitor));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>
    /// rw-writer holds a <see cref="ReaderWriterLockSlim"/> for writing and sleeps; rw-reader waits to read it.
    /// rw-read-holder holds another for reading; rw-write-wait waits to write it.
    /// </summary>
    public static void ReaderWriter(string[] args)
    {
        var written = new ReaderWriterLockSlim();
        var read = new ReaderWriterLockSlim();
        var threads = new LockThreads();
        threads.Start("rw-writer", () => HoldWrite(written));
        threads.Start("rw-read-holder", () => HoldRead(read));
        threads.WaitUntilBlocked();
        threads.Start("rw-reader", () => EnterRead(written));
        threads.Start("rw-write-wait", () => EnterWrite(read));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>
    /// mw-cond waits on a monitor's condition (<see cref="Monitor.Wait(object)"/>) while holding another
    /// monitor, which mw-enter waits to lock; mw-semaphore waits on a <see cref="SemaphoreSlim"/>, mw-mres on a
    /// <see cref="ManualResetEventSlim"/>, mw-task for a task that never completes. No deadlock: mw-cond waits
    /// for a signal, not for a thread.
    /// </summary>
    public static void ConditionWaits(string[] args)
    {
        var held = new object();
        var condition = new object();
        var semaphore = new SemaphoreSlim(0);
        var manualReset = new ManualResetEventSlim();
        var threads = new LockThreads();
        threads.Start("mw-cond", () => WaitHolding(held, condition));
        threads.Start("mw-semaphore", () => WaitOn(semaphore));
        threads.Start("mw-mres", () => WaitOn(manualReset));
        threads.Start("mw-task", () => WaitOn(new TaskCompletionSource<int>().Task));
        threads.WaitUntilBlocked();
        threads.Start("mw-enter", () => Enter(held));
        threads.WaitUntilBlocked();
        threads.Print();
    }

    /// <summary>
    /// <c>count=N</c> threads (100 by default) <c>depth=D</c> frames deep (20): half hold a monitor each and
    /// sleep, the other half wait for those, one waiter per holder. For measuring an inspection.
    /// </summary>
    public static void Crowd(string[] args)
    {
        var count = ThreadScenarios.Option(args, "count", 100);
        var depth = ThreadScenarios.Option(args, "depth", 20);
        var threads = new LockThreads();
        var gates = Enumerable.Range(0, count / 2).Select(_ => new object()).ToList();
        foreach (var (gate, i) in gates.Select((gate, i) => (gate, i)))
        {
            threads.Start($"crowd-holder-{i}", () => Deep(depth, () => HoldMonitor(gate)));
        }

        threads.WaitUntilBlocked();
        foreach (var (gate, i) in gates.Select((gate, i) => (gate, i)))
        {
            threads.Start($"crowd-waiter-{i}", () => Deep(depth, () => Enter(gate)));
        }

        threads.WaitUntilBlocked();
        threads.Print();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Deep(int depth, Action body)
    {
        if (depth <= 0)
        {
            body();
            return;
        }

        Deep(depth - 1, body);
        GC.KeepAlive(body); // no tail call: each level keeps its frame
    }

    // Each thread i locks its own object, waits until every thread has, then locks thread i+1's.
    private static void Cycle(LockThreads threads, (string Name, object Lock)[] members)
    {
        using var taken = new CountdownEvent(members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            var own = members[i].Lock;
            var next = members[(i + 1) % members.Length].Lock;
            threads.Start(members[i].Name, () => HoldAndEnter(own, next, taken));
        }

        threads.WaitUntilBlocked();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldAndEnter(object own, object next, CountdownEvent? taken = null)
    {
        if (own is LockRef ownLock)
        {
            using (ownLock.Value.EnterScope())
            {
                Signal(taken);
                Enter(next);
            }
        }
        else
        {
            lock (own)
            {
                Signal(taken);
                Enter(next);
            }
        }
    }

    private static void Signal(CountdownEvent? taken)
    {
        if (taken is not null)
        {
            taken.Signal();
            taken.Wait();
        }

        LockThreads.Blocking();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Enter(object target)
    {
        LockThreads.Blocking();
        if (target is LockRef lockObject)
        {
            using (lockObject.Value.EnterScope())
            {
                Environment.FailFast("a lock held forever was released");
            }
        }
        else
        {
            lock (target)
            {
                Environment.FailFast("a lock held forever was released");
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldBoth(object outer, object inner)
    {
        lock (outer)
        {
            HoldMonitor(inner);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldMonitor(object gate)
    {
        lock (gate)
        {
            LockThreads.Blocking();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldLock(LockRef lockObject)
    {
        using (lockObject.Value.EnterScope())
        {
            LockThreads.Blocking();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    // Holds a reference to a locked object, and nothing else.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepReference(object gate)
    {
        LockThreads.Blocking();
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(gate);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldWrite(ReaderWriterLockSlim rw)
    {
        rw.EnterWriteLock();
        LockThreads.Blocking();
        Thread.Sleep(Timeout.Infinite);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldRead(ReaderWriterLockSlim rw)
    {
        rw.EnterReadLock();
        LockThreads.Blocking();
        Thread.Sleep(Timeout.Infinite);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterRead(ReaderWriterLockSlim rw)
    {
        LockThreads.Blocking();
        rw.EnterReadLock();
        Environment.FailFast("a lock held forever was released");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterWrite(ReaderWriterLockSlim rw)
    {
        LockThreads.Blocking();
        rw.EnterWriteLock();
        Environment.FailFast("a lock held forever was released");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitOn(SemaphoreSlim semaphore)
    {
        LockThreads.Blocking();
        semaphore.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitOn(ManualResetEventSlim manualReset)
    {
        LockThreads.Blocking();
        manualReset.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitOn(Task<int> never)
    {
        LockThreads.Blocking();
        never.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitHolding(object held, object condition)
    {
        lock (held)
        {
            lock (condition)
            {
                LockThreads.Blocking();
                Monitor.Wait(condition);
            }
        }
    }

    // A Lock passed where monitors go too: converted to object itself, it would be locked as a monitor.
    private sealed record LockRef(Lock Value);

    /// <summary>
    /// Named threads started for a scenario; each calls <see cref="Blocking"/> just before the call that
    /// blocks it, and <see cref="WaitUntilBlocked"/> waits until every such thread sleeps in the kernel.
    /// </summary>
    private sealed class LockThreads
    {
        [ThreadStatic]
        private static StrongBox<bool>? t_blocking;

        private readonly List<(string Name, int Tid, StrongBox<bool> Blocking)> _threads = [];

        public static void Blocking() => t_blocking!.Value = true;

        public void Start(string name, Action body)
        {
            using var started = new ManualResetEventSlim();
            var tid = 0;
            var blocking = new StrongBox<bool>();
            new Thread([MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)] () =>
            {
                tid = TaskIds.Current();
                t_blocking = blocking;
                started.Set();
                body();
            })
            { IsBackground = true, Name = name }.Start();
            started.Wait();
            lock (_threads)
            {
                _threads.Add((name, tid, blocking));
            }
        }

        // A thread about to block may not sleep yet, and one that sleeps in a handshake before it is
        // not blocked yet: wait until each said it is about to block and the kernel says it sleeps.
        public void WaitUntilBlocked()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (_threads.Any(thread => !thread.Blocking.Value || TaskIds.State(thread.Tid) != 'S'))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("threads did not block");
                }

                Thread.Sleep(5);
            }

            Thread.Sleep(50);
        }

        public void Print() => Console.WriteLine("threads " + string.Join(' ', _threads.Select(thread => string.Create(CultureInfo.InvariantCulture, $"{thread.Name}={thread.Tid}"))));
    }
}
