namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>
/// The threads of a process with the locks each holds and the one each waits for, and the deadlocks
/// among them: read while the target was paused, rendered after it runs again (plain values only).
/// </summary>
/// <param name="ProcessId">The target's pid.</param>
/// <param name="Threads">Every live managed thread the runtime knows, in the runtime's order.</param>
/// <param name="Deadlocks">Every cycle in the wait-for graph, each once.</param>
internal sealed record LockReport(int ProcessId, IReadOnlyList<LockThread> Threads, IReadOnlyList<Deadlock> Deadlocks);

/// <summary>A thread as other entries refer to it.</summary>
/// <param name="Tid">The Linux thread id; 0 for a thread that has exited.</param>
/// <param name="ManagedId">Its <c>Thread.ManagedThreadId</c>.</param>
/// <param name="Name">Its <c>Thread.Name</c>, else the kernel's name of the thread; empty for a thread that has exited.</param>
internal sealed record ThreadRef(int Tid, int ManagedId, string Name);

/// <summary>One managed thread.</summary>
/// <param name="Frames">Managed frames, innermost first, as <c>Namespace.Type.Method</c>.</param>
/// <param name="Held">The locks it holds that were found, innermost frame first.</param>
/// <param name="Waiting">What it is blocked on, if it is blocked in a lock or another synchronization primitive.</param>
internal sealed record LockThread(int Tid, int ManagedId, string Name, IReadOnlyList<string> Frames, IReadOnlyList<HeldLock> Held, LockWait? Waiting)
{
    public ThreadRef Ref => new(Tid, ManagedId, Name);
}

/// <summary>An object in the target's heap: its address and its type's full name.</summary>
internal sealed record LockObject(ulong Address, string Type);

/// <summary>What kind of lock or primitive an entry is about.</summary>
internal enum LockKind
{
    /// <summary>An object's monitor: <c>lock</c>, <c>Monitor.Enter</c>, <c>Monitor.Wait</c>.</summary>
    Monitor,

    /// <summary><see cref="System.Threading.Lock"/> (.NET 9 and later).</summary>
    Lock,

    ReaderWriterLockSlim,
    SemaphoreSlim,
    ManualResetEventSlim,
    CountdownEvent,
    Barrier,

    /// <summary>A <c>WaitHandle</c>: <c>ManualResetEvent</c>, <c>AutoResetEvent</c>, <c>Semaphore</c>, <c>Mutex</c>.</summary>
    WaitHandle,

    /// <summary>A blocking wait for a task (<c>Task.Wait</c>, <c>.Result</c>, <c>GetAwaiter().GetResult()</c>).</summary>
    Task,
}

/// <summary>How a lock is held or waited for.</summary>
internal enum LockMode
{
    /// <summary>Entered exclusively (a monitor, a <see cref="System.Threading.Lock"/>).</summary>
    Enter,

    Read,
    UpgradeableRead,
    Write,

    /// <summary>Waiting for a signal: a monitor's condition (<c>Monitor.Wait</c>), an event, a semaphore, a task.</summary>
    Wait,
}

/// <summary>A lock a thread holds.</summary>
/// <param name="Entries">How many times the thread entered it (1 unless recursively).</param>
/// <param name="Frame">The index in the thread's frames of the innermost frame that references the object; null when no frame of its stack does.</param>
internal sealed record HeldLock(LockObject Object, LockKind Kind, LockMode Mode, int Entries, int? Frame);

/// <summary>What is known of who holds what a thread waits for.</summary>
internal enum OwnerState
{
    /// <summary><see cref="LockWait.Owner"/> holds it.</summary>
    Owned,

    /// <summary>Its owner is a thread that has exited without releasing it (<see cref="LockWait.Owner"/> has its managed id only, 0 when the lock does not record it).</summary>
    OwnerExited,

    /// <summary>Nobody holds it at this moment (the waiter is about to get it).</summary>
    Free,

    /// <summary>A reader-writer lock held for reading by <see cref="LockWait.Readers"/> threads: the runtime does not record which.</summary>
    Readers,

    /// <summary>A primitive with no owner (semaphore, event, task): whoever will release the waiter is not recorded anywhere.</summary>
    NotRecorded,

    /// <summary>A monitor's condition (<c>Monitor.Wait</c>): released while waiting, the thread waits for a <c>Pulse</c>, not for a thread.</summary>
    Condition,

    /// <summary>The thread is blocked entering a lock whose object could not be told from its stack.</summary>
    Unidentified,
}

/// <summary>What a thread is blocked on.</summary>
/// <param name="Object">The lock's or primitive's object; null when it could not be told.</param>
/// <param name="Owner">Who holds it, with <see cref="OwnerState.Owned"/> and <see cref="OwnerState.OwnerExited"/>.</param>
/// <param name="Readers">With <see cref="OwnerState.Readers"/>: how many threads hold it for reading.</param>
/// <param name="OwnerMode">How <see cref="Owner"/> holds it: <see cref="LockMode.Enter"/>, or for a reader-writer lock <see cref="LockMode.Write"/> or <see cref="LockMode.UpgradeableRead"/>.</param>
internal sealed record LockWait(LockKind Kind, LockMode Mode, LockObject? Object, OwnerState State, ThreadRef? Owner, int Readers = 0, LockMode OwnerMode = LockMode.Enter)
{
    /// <summary>Whether the thread waits for a lock a thread holds: an edge of the wait-for graph.</summary>
    public bool IsAcquire => Mode != LockMode.Wait;
}

/// <summary>
/// A cycle of threads each waiting for a lock the next one holds, the last one's held by the first.
/// Starts at the thread that comes first in <see cref="LockReport.Threads"/>.
/// </summary>
internal sealed record Deadlock(IReadOnlyList<LockThread> Threads);
