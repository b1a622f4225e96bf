using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>
/// Reads, from a paused process, which locks each managed thread holds and what it waits for, and the
/// deadlocks among them (docs/INTERNALS.md, "Locks and deadlocks"). Reads the sync block table and each
/// thread's stack and stack roots; never walks the heap.
/// </summary>
internal static class LockInspector
{
    public static LockReport Inspect(ClrRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var pid = runtime.DataTarget.DataReader.ProcessId;
        var live = runtime.Threads.Where(thread => thread.IsAlive && thread.OSThreadId != 0).ToList();
        var names = ManagedNames(runtime, cancellationToken);
        var threads = new Threads(runtime, live.Select(thread => new ThreadRef((int)thread.OSThreadId, thread.ManagedThreadId, NameOf(pid, thread, names))).ToList(), live);

        // Monitors with a sync block: held ones name their thread. (WaitingThreadCount is not read: it is
        // garbage for a sync block whose monitor nobody holds.)
        var monitors = new Dictionary<ulong, (ulong Thread, int Entries)>();
        foreach (var syncBlock in runtime.Heap.EnumerateSyncBlocks())
        {
            if (syncBlock.IsMonitorHeld && syncBlock.HoldingThreadAddress != 0)
            {
                monitors[syncBlock.Object] = (syncBlock.HoldingThreadAddress, Math.Max(1, syncBlock.RecursionCount));
            }
        }

        var stacks = new List<Stack>(live.Count);
        foreach (var thread in live)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stacks.Add(Stack.Read(thread));
        }

        var ownership = new Ownership(monitors, threads);
        var held = HeldLocks(runtime.Heap, stacks, monitors, ownership, threads, cancellationToken);
        var report = new List<LockThread>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            var self = threads.Refs[i];
            report.Add(new LockThread(self.Tid, self.ManagedId, self.Name, stacks[i].Frames.Select(frame => frame.Text).ToList(),
                held[i], Waiting(stacks[i], self, ownership)));
        }

        return new LockReport(pid, report, Deadlocks.Find(report));
    }

    // The locks each thread holds: every object a stack references or a sync block names, asked who holds it.
    private static List<HeldLock>[] HeldLocks(ClrHeap heap, List<Stack> stacks, Dictionary<ulong, (ulong Thread, int Entries)> monitors,
        Ownership ownership, Threads threads, CancellationToken cancellationToken)
    {
        var objects = new Dictionary<ulong, ClrObject>();
        foreach (var root in stacks.SelectMany(stack => stack.Roots))
        {
            objects.TryAdd(root.Object.Address, root.Object);
        }

        foreach (var address in monitors.Keys)
        {
            if (!objects.ContainsKey(address))
            {
                objects[address] = heap.GetObject(address);
            }
        }

        var held = stacks.Select(_ => new List<HeldLock>()).ToArray();
        foreach (var obj in objects.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var holding in ownership.Of(obj))
            {
                if (holding.Owner is { } owner && threads.IndexOf(owner) is var index and >= 0)
                {
                    var frame = stacks[index].InnermostFrameWith(obj.Address);
                    held[index].Add(new HeldLock(Describe(obj), holding.Kind, holding.Mode, holding.Entries, frame < 0 ? null : frame));
                }
            }
        }

        foreach (var list in held)
        {
            list.Sort((a, b) => (a.Frame ?? int.MaxValue).CompareTo(b.Frame ?? int.MaxValue) is var byFrame and not 0 ? byFrame : a.Object.Address.CompareTo(b.Object.Address));
        }

        return held;
    }

    // What the thread is blocked in, from its innermost frames (BlockingFrames), and on which object.
    private static LockWait? Waiting(Stack stack, ThreadRef self, Ownership ownership)
    {
        var frames = stack.Frames;
        var prefix = 0;
        while (prefix < frames.Count && frames[prefix].Role != FrameRole.None)
        {
            prefix++;
        }

        // Entering a monitor or a Lock, even inside another primitive (SemaphoreSlim takes a monitor): waiting to lock.
        var enter = frames.Take(prefix).ToList().FindIndex(frame => frame.Role is FrameRole.MonitorEnter or FrameRole.LockEnter);
        if (enter >= 0)
        {
            var kind = frames[enter].Kind;
            var end = ClusterEnd(frames, enter);
            var target = FindObject(stack, enter, end, kind, self, ownership, acquire: true);
            if (target is null)
            {
                return new LockWait(kind, LockMode.Enter, null, OwnerState.Unidentified, null);
            }

            var holding = ownership.Of(target.Value).FirstOrDefault(h => h.Kind == kind);
            return OwnedWait(kind, LockMode.Enter, target.Value, holding, self);
        }

        // Otherwise the outermost primitive the thread is in says what it waits for (SemaphoreSlim.Wait, not the Monitor.Wait inside).
        var outer = frames.Take(prefix).ToList().FindLastIndex(frame => frame.Role == FrameRole.Primitive);
        if (outer < 0)
        {
            return null;
        }

        var primitive = frames[outer].Kind;
        var start = outer;
        while (start > 0 && frames[start - 1].Role == FrameRole.Primitive && frames[start - 1].Kind == primitive)
        {
            start--;
        }

        var found = FindObject(stack, start, outer, primitive, self, ownership, acquire: false);
        switch (primitive)
        {
            case LockKind.Monitor:
                return new LockWait(primitive, LockMode.Wait, Describe(found), OwnerState.Condition, null);
            case LockKind.ReaderWriterLockSlim:
                var mode = BlockingFrames.ReaderWriterMode(frames.Skip(start).Take(outer - start + 1).Reverse().Select(frame => frame.Method));
                return found is { } rw ? ReaderWriterWait(mode, rw, self, ownership) : new LockWait(primitive, mode, null, OwnerState.Unidentified, null);
            default:
                return new LockWait(primitive, LockMode.Wait, Describe(found), OwnerState.NotRecorded, null);
        }
    }

    private static LockWait OwnedWait(LockKind kind, LockMode mode, ClrObject target, Holding holding, ThreadRef self)
    {
        if (holding.Owner is { } owner)
        {
            return owner == self
                ? new LockWait(kind, mode, Describe(target), OwnerState.Free, null)
                : new LockWait(kind, mode, Describe(target), OwnerState.Owned, owner, OwnerMode: holding.Mode);
        }

        return holding.ExitedManagedId is { } exited
            ? new LockWait(kind, mode, Describe(target), OwnerState.OwnerExited, new ThreadRef(0, exited, ""), OwnerMode: holding.Mode)
            : new LockWait(kind, mode, Describe(target), OwnerState.Free, null);
    }

    // A reader-writer lock blocks a reader only while written, a writer while anyone holds it.
    private static LockWait ReaderWriterWait(LockMode mode, ClrObject rw, ThreadRef self, Ownership ownership)
    {
        var holdings = ownership.Of(rw);
        var writer = holdings.FirstOrDefault(h => h.Mode == LockMode.Write);
        var upgrader = holdings.FirstOrDefault(h => h.Mode == LockMode.UpgradeableRead);
        if (writer.Kind == LockKind.ReaderWriterLockSlim)
        {
            return OwnedWait(LockKind.ReaderWriterLockSlim, mode, rw, writer, self);
        }

        if (mode == LockMode.UpgradeableRead && upgrader.Kind == LockKind.ReaderWriterLockSlim)
        {
            return OwnedWait(LockKind.ReaderWriterLockSlim, mode, rw, upgrader, self);
        }

        var readers = Ownership.ReaderCount(rw);
        if (mode is LockMode.Write or LockMode.UpgradeableRead && readers > 0)
        {
            // The upgradeable reader counts as a reader; alone, it is the one the writer waits for.
            return readers == 1 && upgrader.Kind == LockKind.ReaderWriterLockSlim && mode == LockMode.Write
                ? OwnedWait(LockKind.ReaderWriterLockSlim, mode, rw, upgrader, self)
                : new LockWait(LockKind.ReaderWriterLockSlim, mode, Describe(rw), OwnerState.Readers, null, readers);
        }

        return new LockWait(LockKind.ReaderWriterLockSlim, mode, Describe(rw), OwnerState.Free, null);
    }

    private static int ClusterEnd(IReadOnlyList<Frame> frames, int index)
    {
        var end = index;
        while (end + 1 < frames.Count && frames[end + 1].Role == frames[index].Role)
        {
            end++;
        }

        return end;
    }

    /// <summary>
    /// The object a wait is on: referenced from the primitive's own frames <paramref name="first"/> to
    /// <paramref name="last"/> (the runtime passes it down: <c>Monitor.Enter_Slowpath</c> has it), else,
    /// if exactly one fits, from the frame that called them. To lock, one another thread holds is preferred,
    /// and from the caller only such a one is taken: a mere reference to a held object is no wait for it.
    /// </summary>
    private static ClrObject? FindObject(Stack stack, int first, int last, LockKind kind, ThreadRef self, Ownership ownership, bool acquire)
    {
        bool Fits(ClrObject obj) => obj.Type?.Name is { } type && BlockingFrames.IsPrimitiveObject(kind, type);
        bool HeldByOther(ClrObject obj) => ownership.Of(obj).Any(h => h.Kind == kind && (h.Owner is null ? h.ExitedManagedId is not null : h.Owner != self));

        var inFrames = stack.Roots.Where(root => root.Frame >= first && root.Frame <= last && Fits(root.Object)).Select(root => root.Object).ToList();
        if (inFrames.Count > 0)
        {
            return acquire ? inFrames.FirstOrDefault(HeldByOther, inFrames[0]) : inFrames[0];
        }

        var inCaller = stack.Roots.Where(root => root.Frame == last + 1 && Fits(root.Object) && (!acquire || HeldByOther(root.Object)))
            .Select(root => root.Object).DistinctBy(obj => obj.Address).ToList();
        return inCaller.Count == 1 ? inCaller[0] : null;
    }

    private static LockObject Describe(ClrObject obj) => new(obj.Address, obj.Type?.Name ?? "<unknown type>");

    private static LockObject? Describe(ClrObject? obj) => obj is { } found ? Describe(found) : null;

    // Thread.Name of every thread with a managed Thread object: the runtime keeps a handle to each.
    private static Dictionary<int, string> ManagedNames(ClrRuntime runtime, CancellationToken cancellationToken)
    {
        var names = new Dictionary<int, string>();
        var seen = new HashSet<ulong>();
        foreach (var handle in runtime.EnumerateHandles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A weak handle for each Thread object, and a strong one too while it runs: each object once.
            if (handle.HandleKind is not (ClrHandleKind.WeakShort or ClrHandleKind.Strong) || !seen.Add(handle.Object.Address))
            {
                continue;
            }

            var obj = handle.Object;
            if (obj.Type?.Name == "System.Threading.Thread" && obj.TryReadField<int>("_managedThreadId", out var id)
                && obj.TryReadStringField("_name", maxLength: 1024, out var name) && !string.IsNullOrEmpty(name))
            {
                names.TryAdd(id, name);
            }
        }

        return names;
    }

    // Thread.Name, else the kernel's name of the thread (what `threads` shows: the process's name for the main thread).
    private static string NameOf(int pid, ClrThread thread, Dictionary<int, string> names)
    {
        if (names.TryGetValue(thread.ManagedThreadId, out var name))
        {
            return name;
        }

        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task/{thread.OSThreadId}/comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The live threads, found by their runtime address, managed id or Lock id; the dead ones only by address, for their managed id.</summary>
    private sealed class Threads
    {
        private readonly ClrRuntime _runtime;
        private readonly List<ClrThread> _live;
        private readonly Dictionary<ulong, int> _byAddress = [];
        private readonly Dictionary<int, int> _byManagedId = [];
        private readonly Dictionary<int, int> _byTid = [];
        private readonly Dictionary<ulong, int> _deadByAddress = [];
        private Dictionary<uint, int>? _byLockId;

        public Threads(ClrRuntime runtime, List<ThreadRef> refs, List<ClrThread> live)
        {
            _runtime = runtime;
            _live = live;
            Refs = refs;
            for (var i = 0; i < live.Count; i++)
            {
                _byAddress.TryAdd(live[i].Address, i);
                _byManagedId.TryAdd(live[i].ManagedThreadId, i);
                _byTid.TryAdd(refs[i].Tid, i);
            }

            foreach (var thread in runtime.Threads.Where(thread => !_byAddress.ContainsKey(thread.Address)))
            {
                _deadByAddress.TryAdd(thread.Address, thread.ManagedThreadId);
            }
        }

        public List<ThreadRef> Refs { get; }

        public int IndexOf(ThreadRef thread) => _byManagedId.TryGetValue(thread.ManagedId, out var index) ? index : -1;

        public Holding ByAddress(LockKind kind, LockMode mode, ulong address, int entries)
            => _byAddress.TryGetValue(address, out var index)
                ? new Holding(kind, mode, Refs[index], null, entries)
                : new Holding(kind, mode, null, _deadByAddress.TryGetValue(address, out var id) ? id : 0, entries);

        public Holding ByManagedId(LockKind kind, LockMode mode, int managedId, int entries)
            => _byManagedId.TryGetValue(managedId, out var index)
                ? new Holding(kind, mode, Refs[index], null, entries)
                : new Holding(kind, mode, null, managedId, entries);

        /// <summary>
        /// The owner of a <see cref="System.Threading.Lock"/>, by the id it records: the id each thread keeps in
        /// the thread-static <c>Lock.ThreadId.t_threadId</c>, which is the Linux tid on .NET 9 and 10 and the
        /// managed thread id where the runtime sets it. Without that field, the tid, then the managed id.
        /// </summary>
        public Holding ByLockThreadId(LockKind kind, LockMode mode, uint id, int entries)
        {
            _byLockId ??= LockIds();
            if (_byLockId.Count > 0)
            {
                return _byLockId.TryGetValue(id, out var owner)
                    ? new Holding(kind, mode, Refs[owner], null, entries)
                    : new Holding(kind, mode, null, 0, entries);
            }

            return _byTid.TryGetValue((int)id, out var index)
                ? new Holding(kind, mode, Refs[index], null, entries)
                : ByManagedId(kind, mode, (int)id, entries);
        }

        private Dictionary<uint, int> LockIds()
        {
            var ids = new Dictionary<uint, int>();
            var field = _runtime.BaseClassLibrary.GetTypeByName("System.Threading.Lock+ThreadId")?.ThreadStaticFields
                .FirstOrDefault(field => field.Name == "t_threadId");
            if (field is null)
            {
                return ids;
            }

            for (var i = 0; i < _live.Count; i++)
            {
                if (field.IsInitialized(_live[i]) && field.Read<uint>(_live[i]) is var id and not 0)
                {
                    ids.TryAdd(id, i);
                }
            }

            return ids;
        }
    }

    /// <summary>Who holds a lock: a live thread (<see cref="Owner"/>), or one that has exited (<see cref="ExitedManagedId"/>).</summary>
    private readonly record struct Holding(LockKind Kind, LockMode Mode, ThreadRef? Owner, int? ExitedManagedId, int Entries);

    /// <summary>Who holds an object's monitor, a Lock or a reader-writer lock, asked once per object.</summary>
    private sealed class Ownership(Dictionary<ulong, (ulong Thread, int Entries)> monitors, Threads threads)
    {
        private const uint ReaderMask = 0x0FFF_FFFF;
        private readonly Dictionary<ulong, List<Holding>> _known = [];

        public List<Holding> Of(ClrObject obj)
        {
            if (!_known.TryGetValue(obj.Address, out var holdings))
            {
                holdings = Read(obj);
                _known[obj.Address] = holdings;
            }

            return holdings;
        }

        // ReaderWriterLockSlim._owners: the count of readers in its low bits (the upgradeable reader included).
        public static int ReaderCount(ClrObject rw) => rw.TryReadField<uint>("_owners", out var owners) ? (int)(owners & ReaderMask) : 0;

        private List<Holding> Read(ClrObject obj)
        {
            var holdings = new List<Holding>();
            if (monitors.TryGetValue(obj.Address, out var monitor))
            {
                holdings.Add(threads.ByAddress(LockKind.Monitor, LockMode.Enter, monitor.Thread, monitor.Entries));
            }
            else if (obj.IsValid && obj.GetThinLock() is { Thread: { } thinOwner } thin)
            {
                // A monitor taken without contention: its owner and recursion are in the object's header.
                holdings.Add(threads.ByAddress(LockKind.Monitor, LockMode.Enter, thinOwner.Address, thin.Recursion + 1));
            }

            switch (obj.Type?.Name)
            {
                // Lock._owningThreadId is the owner's Lock id (Threads.ByLockThreadId), 0 when free; _recursionCount counts re-entries.
                case "System.Threading.Lock"
                    when obj.TryReadField<uint>("_owningThreadId", out var owner) && owner != 0:
                    holdings.Add(threads.ByLockThreadId(LockKind.Lock, LockMode.Enter, owner,
                        obj.TryReadField<uint>("_recursionCount", out var recursion) ? (int)recursion + 1 : 1));
                    break;
                // The writer's and the upgradeable reader's managed thread ids, -1 when none; readers are only counted.
                case "System.Threading.ReaderWriterLockSlim":
                    if (obj.TryReadField<int>("_writeLockOwnerId", out var writer) && writer > 0)
                    {
                        holdings.Add(threads.ByManagedId(LockKind.ReaderWriterLockSlim, LockMode.Write, writer, 1));
                    }

                    if (obj.TryReadField<int>("_upgradeLockOwnerId", out var upgrader) && upgrader > 0 && upgrader != writer)
                    {
                        holdings.Add(threads.ByManagedId(LockKind.ReaderWriterLockSlim, LockMode.UpgradeableRead, upgrader, 1));
                    }

                    break;
            }

            return holdings;
        }
    }

    /// <summary>One managed frame: its text as shown, and what it does (<see cref="BlockingFrames"/>).</summary>
    private sealed record Frame(string Text, string Method, FrameRole Role, LockKind Kind);

    /// <summary>An object a frame references (<see cref="Frame"/> is the frame's index).</summary>
    private readonly record struct Root(int Frame, ClrObject Object);

    /// <summary>A thread's managed frames, innermost first, and the objects they reference.</summary>
    private sealed class Stack(List<Frame> frames, List<Root> roots)
    {
        public List<Frame> Frames { get; } = frames;

        public List<Root> Roots { get; } = roots;

        public static Stack Read(ClrThread thread)
        {
            var frames = new List<Frame>();
            // Each frame of the walk (the runtime's own too: a P/Invoke's InlinedCallFrame) to the managed frame
            // it belongs to: itself, or for the runtime's, the next managed one.
            var bySp = new Dictionary<ulong, int>();
            foreach (var frame in thread.EnumerateStackTrace(includeContext: false))
            {
                bySp.TryAdd(frame.StackPointer, frames.Count);
                if (frame.Kind != ClrStackFrameKind.ManagedMethod)
                {
                    continue;
                }

                var method = frame.Method;
                var type = method?.Type?.Name ?? "";
                var name = method?.Name ?? "";
                var text = method is null
                    ? string.Create(CultureInfo.InvariantCulture, $"<unknown 0x{frame.InstructionPointer:x}>")
                    : type.Length == 0 ? name : type + "." + name;
                var (role, kind) = BlockingFrames.Classify(type, name);
                frames.Add(new Frame(text, name, role, kind));
            }

            var roots = new List<Root>();
            var seen = new HashSet<(int, ulong)>();
            foreach (var root in thread.EnumerateStackRoots())
            {
                var obj = root.Object;
                if (obj.IsNull || !obj.IsValid)
                {
                    continue;
                }

                var index = root.StackFrame is { } frame && bySp.TryGetValue(frame.StackPointer, out var at) ? at : -1;
                if (seen.Add((index, obj.Address)))
                {
                    roots.Add(new Root(index, obj));
                }
            }

            return new Stack(frames, roots);
        }

        /// <summary>The index of the innermost frame that references <paramref name="address"/>, or -1.</summary>
        public int InnermostFrameWith(ulong address)
        {
            var innermost = -1;
            foreach (var root in Roots)
            {
                if (root.Object.Address == address && root.Frame >= 0 && (innermost < 0 || root.Frame < innermost))
                {
                    innermost = root.Frame;
                }
            }

            return innermost;
        }
    }
}
