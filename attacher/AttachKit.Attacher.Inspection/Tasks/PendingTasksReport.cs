namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// The pending async work of a process, read from its heap while it was paused (docs/INTERNALS.md, "Pending
/// async work"): every chain of awaiting async methods, identical chains coalesced. Plain data only, so that
/// the target can be resumed before anything is rendered.
/// </summary>
/// <param name="Pid">The process, as the reader sees it.</param>
/// <param name="Time">When it was read.</param>
/// <param name="PendingTasks">Task objects not completed (async methods' own among them).</param>
/// <param name="PendingStateMachines">Async methods that have started and not finished.</param>
/// <param name="ChainCount">Chains found: one per path from an innermost awaited operation out to an outermost method.</param>
/// <param name="ChainsTruncated">More chains than <see cref="TaskInspector.MaxChains"/>: the rest were not followed.</param>
/// <param name="Groups">Identical chains coalesced, largest first.</param>
/// <param name="Heap">What the walk of the heap covered and cost.</param>
internal sealed record PendingTasksReport(
    int Pid,
    DateTimeOffset Time,
    int PendingTasks,
    int PendingStateMachines,
    int ChainCount,
    bool ChainsTruncated,
    IReadOnlyList<AsyncChainGroup> Groups,
    HeapWalk Heap);

/// <summary>Chains with the same frames that wait on the same kind of thing.</summary>
/// <param name="Count">How many chains.</param>
/// <param name="Frames">The logical stack, innermost first: async methods, and the combinators between them (<see cref="AsyncFrame.IsMethod"/>).</param>
/// <param name="Awaiting">What the innermost frame waits on.</param>
/// <param name="BlockedThreads">How many of the chains a thread waits for synchronously (Task.Wait, .Result, GetAwaiter().GetResult()).</param>
/// <param name="Timing">What is known of how long they have waited and how long they will, where the target records it.</param>
/// <param name="Details">Distinct per-chain details (a socket's addresses, a timer's period), at most <see cref="TaskInspector.MaxDetails"/>.</param>
/// <param name="DistinctDetails">How many distinct details there were in all.</param>
internal sealed record AsyncChainGroup(
    int Count,
    IReadOnlyList<AsyncFrame> Frames,
    AwaitedOperation Awaiting,
    int BlockedThreads,
    WaitTiming Timing,
    IReadOnlyList<string> Details,
    int DistinctDetails);

/// <summary>One frame of a chain.</summary>
/// <param name="Name">An async method as <c>Namespace.Type.Method</c> (a lambda as <c>Type.Method.lambda#n</c>, a local function as <c>Type.Method.Local</c>); or a combinator such as <c>Task.WhenAll</c>.</param>
/// <param name="IsMethod">An async method's state machine (false: a task between two of them, such as Task.WhenAll's).</param>
internal sealed record AsyncFrame(string Name, bool IsMethod)
{
    public override string ToString() => IsMethod ? Name : $"[{Name}]";
}

/// <summary>What the innermost frame of a chain waits on.</summary>
/// <param name="Kind">The kind of operation.</param>
/// <param name="Description">What it is, in words that follow "waiting on", the same for every chain of a group ("a Task.Delay timer", "a socket receive").</param>
/// <param name="TypeName">The awaited object's type in the target, when there is one.</param>
internal sealed record AwaitedOperation(AwaitKind Kind, string Description, string? TypeName);

/// <summary>The kinds of things an async method can be found waiting on.</summary>
internal enum AwaitKind
{
    /// <summary>A task with no delegate that something completes by hand: TaskCompletionSource's, or one like it.</summary>
    TaskCompletionSource,

    /// <summary>Task.Delay's timer (also WaitAsync's and CancelAfter's where they are the innermost).</summary>
    Timer,

    /// <summary>A socket operation: receive, send, accept, connect.</summary>
    Socket,

    /// <summary>SemaphoreSlim.WaitAsync.</summary>
    Semaphore,

    /// <summary>A System.Threading.Channels read or write.</summary>
    Channel,

    /// <summary>A System.IO.Pipelines read or flush.</summary>
    Pipe,

    /// <summary>A task that runs a delegate (Task.Run, Task.Factory.StartNew, new Task): queued, running, or never started.</summary>
    DelegateTask,

    /// <summary>A combinator (Task.WhenAll, WhenAny, WaitAsync) with nothing pending under it.</summary>
    Combinator,

    /// <summary>Another IValueTaskSource behind a ValueTask.</summary>
    ValueTaskSource,

    /// <summary>What it awaited has completed: the method is queued to resume.</summary>
    Resuming,

    /// <summary>The innermost method is running on a thread at this moment.</summary>
    Running,

    /// <summary>Something the inspector does not know.</summary>
    Unknown,
}

/// <summary>
/// How long a group's chains have waited (since their innermost operation started) and how long until it is
/// due, where the target records either (only timers do); null where it does not.
/// </summary>
/// <param name="OldestAge">The longest wait among the chains that record it.</param>
/// <param name="NewestAge">The shortest.</param>
/// <param name="SoonestDue">The earliest time left until a timer fires (negative: overdue).</param>
/// <param name="LatestDue">The latest.</param>
/// <param name="Recorded">How many of the group's chains record their age.</param>
/// <param name="NeverDue">How many wait on a timer that never fires (an infinite delay).</param>
internal sealed record WaitTiming(TimeSpan? OldestAge, TimeSpan? NewestAge, TimeSpan? SoonestDue, TimeSpan? LatestDue, int Recorded, int NeverDue)
{
    public static WaitTiming NotRecorded { get; } = new(null, null, null, null, 0, 0);
}

/// <summary>What the heap walk covered: only the small-object heap holds tasks (docs/INTERNALS.md, "Pending async work").</summary>
/// <param name="Objects">Objects looked at.</param>
/// <param name="BytesWalked">Bytes of small-object segments walked.</param>
/// <param name="BytesSkipped">Bytes of large, pinned and frozen segments not walked.</param>
/// <param name="SegmentsCutShort">Segments whose walk stopped early at something that is not an object (the heap was changing, or is damaged).</param>
/// <param name="Elapsed">The time the walk and the reading of the chains took: the time the target must stay paused for it.</param>
internal sealed record HeapWalk(long Objects, long BytesWalked, long BytesSkipped, int SegmentsCutShort, TimeSpan Elapsed);
