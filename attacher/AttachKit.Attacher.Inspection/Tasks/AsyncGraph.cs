namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>A pending task or async method, and who continues when it completes.</summary>
internal sealed class AsyncNode(ulong address, TypeFacts facts, int stateFlags)
{
    public ulong Address { get; } = address;

    public TypeFacts Facts { get; } = facts;

    public int StateFlags { get; } = stateFlags;

    public bool IsStateMachine => Facts.Role is TypeRole.StateMachineBox or TypeRole.PooledStateMachineBox;

    /// <summary>The nodes that continue when this one completes: the async methods awaiting it, a WhenAll over it.</summary>
    public List<AsyncNode> Outer { get; } = [];

    /// <summary>Whether some pending node completes into this one (it waits on something the graph holds).</summary>
    public bool HasInner { get; set; }

    /// <summary>A thread waits for it synchronously (Task.Wait, .Result, GetAwaiter().GetResult()).</summary>
    public bool BlockedThread { get; set; }

    /// <summary>For a state machine: <c>&lt;&gt;1__state</c> (-1 running, N ≥ 0 suspended at an await), null if unknown.</summary>
    public int? State { get; set; }

    /// <summary>For a state machine: the object its current awaiter refers to (a task, an IValueTaskSource), 0 if none.</summary>
    public ulong Awaited { get; set; }

    /// <summary>For a state machine: the awaiter's type, when it holds nothing the inspector can follow.</summary>
    public string? AwaiterType { get; set; }

    public void AddOuter(AsyncNode outer)
    {
        if (!Outer.Contains(outer))
        {
            Outer.Add(outer);
            outer.HasInner = true;
        }
    }
}

/// <summary>
/// The pending tasks and async methods linked by "who continues whom": Task.m_continuationObject (a box, a
/// delegate to one, a TaskContinuation, a List of them, a thread's ManualResetEventSlim), a pooled box's
/// ManualResetValueTaskSourceCore, and each async method's current awaiter for what those leave out.
/// </summary>
internal sealed class AsyncGraph
{
    private const int MaxListDepth = 3;

    private readonly AsyncTypes _types;
    private readonly TargetMemory _memory;
    private readonly Dictionary<ulong, AsyncNode> _byAddress = [];

    private AsyncGraph(AsyncTypes types, TargetMemory memory)
    {
        _types = types;
        _memory = memory;
    }

    public List<AsyncNode> Nodes { get; } = [];

    public static AsyncGraph Build(AsyncTypes types, TargetMemory memory, List<HeapCandidate> candidates, CancellationToken cancellationToken)
    {
        var graph = new AsyncGraph(types, memory);
        var continuations = new List<(AsyncNode Node, ulong Continuation, ulong State)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var node = new AsyncNode(candidate.Address, candidate.Facts, candidate.StateFlags);
            ulong continuation = candidate.Continuation, state = 0;
            if (candidate.Facts.Role == TypeRole.PooledStateMachineBox)
            {
                // A pooled box is pending while it is out of the pool: awaited by someone, or itself at an await.
                var facts = candidate.Facts;
                var completed = facts.Offset("_valueTaskSource._completed") is { } at && memory.ReadByte(candidate.Address + at) != 0;
                continuation = facts.Offset("_valueTaskSource._continuation") is { } c ? memory.ReadPointer(candidate.Address + c) : 0;
                state = facts.Offset("_valueTaskSource._continuationState") is { } s ? memory.ReadPointer(candidate.Address + s) : 0;
                graph.ReadStateMachine(node);
                if (completed || (continuation == 0 && node.Awaited == 0))
                {
                    continue;
                }
            }
            else if (node.IsStateMachine)
            {
                graph.ReadStateMachine(node);
            }

            graph.Nodes.Add(node);
            graph._byAddress[node.Address] = node;
            continuations.Add((node, continuation, state));
        }

        foreach (var (node, continuation, state) in continuations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (state != 0 && graph._byAddress.TryGetValue(state, out var awaiter))
            {
                node.AddOuter(awaiter);
            }
            else
            {
                graph.Resolve(node, continuation, 0);
            }
        }

        // What the continuations left out: an async method awaiting a pending node that did not record it (a
        // custom awaiter, a context's wrapper the resolution does not know).
        foreach (var node in graph.Nodes)
        {
            if (node.IsStateMachine && node.Awaited != 0 && graph._byAddress.TryGetValue(node.Awaited, out var inner) && inner != node)
            {
                inner.AddOuter(node);
            }
        }

        return graph;
    }

    public AsyncNode? NodeAt(ulong address) => _byAddress.GetValueOrDefault(address);

    private void ReadStateMachine(AsyncNode node)
    {
        if (node.Facts.StateMachine.Locate(_types, _memory, node.Address) is not { } machine)
        {
            return;
        }

        if (machine.StateOffset is { } state)
        {
            node.State = _memory.ReadInt32(machine.Fields + state);
        }

        // The compiler clears an awaiter when the method resumes: the one that refers to something is current.
        foreach (var awaiter in machine.Awaiters)
        {
            if (awaiter.ReferenceOffset is { } at && _memory.ReadPointer(machine.Fields + at) is not 0 and var awaited)
            {
                node.Awaited = awaited;
                node.AwaiterType = awaiter.TypeName;
                return;
            }
        }

        if (machine.Awaiters.Count == 1)
        {
            node.AwaiterType = machine.Awaiters[0].TypeName;
        }
    }

    // Follows a continuation object to the nodes it continues into.
    private void Resolve(AsyncNode node, ulong continuation, int depth)
    {
        if (continuation == 0 || depth > MaxListDepth)
        {
            return;
        }

        if (_byAddress.TryGetValue(continuation, out var outer))
        {
            if (outer != node)
            {
                node.AddOuter(outer);
            }

            return;
        }

        if (_types.ForMethodTable(_memory.ReadPointer(continuation)) is not { } facts)
        {
            return;
        }

        var name = facts.Name;
        if (name.StartsWith("System.Collections.Generic.List<", StringComparison.Ordinal))
        {
            if (facts.Offset("_items") is { } itemsAt && facts.Offset("_size") is { } sizeAt)
            {
                var items = _memory.ReadPointer(continuation + itemsAt);
                var size = Math.Min(_memory.ReadInt32(continuation + sizeAt), 1_000_000);
                var length = items == 0 ? 0 : (int)Math.Min(_memory.ReadUInt32(items + _types.PointerSize), int.MaxValue);
                for (var i = 0; i < Math.Min(size, length); i++)
                {
                    Resolve(node, _memory.ReadPointer(items + (2 * _types.PointerSize) + ((ulong)i * _types.PointerSize)), depth + 1);
                }
            }

            return;
        }

        if (name == "System.Threading.Tasks.Task+SetOnInvokeMres")
        {
            node.BlockedThread = true;
            return;
        }

        if (facts.Offset("_target") is { } targetAt && facts.Offset("_methodPtr") is not null)
        {
            // A delegate: MoveNext of a box, or AsyncMethodBuilderCore's ContinuationWrapper around one.
            var target = _memory.ReadPointer(continuation + targetAt);
            if (_byAddress.ContainsKey(target))
            {
                Resolve(node, target, depth + 1);
            }
            else if (target != 0
                && _types.ForMethodTable(_memory.ReadPointer(target)) is { } wrapper
                && wrapper.Name.EndsWith("+ContinuationWrapper", StringComparison.Ordinal)
                && wrapper.Offset("_continuation") is { } innerAt)
            {
                Resolve(node, _memory.ReadPointer(target + innerAt), depth + 1);
            }

            return;
        }

        if (facts.Role == TypeRole.None)
        {
            // TaskContinuation objects: ContinueWith's keeps its task, an await through a context its action.
            if (facts.Offset("m_task") is { } taskAt)
            {
                Resolve(node, _memory.ReadPointer(continuation + taskAt), depth + 1);
            }
            else if (facts.Offset("m_action") is { } actionAt)
            {
                Resolve(node, _memory.ReadPointer(continuation + actionAt), depth + 1);
            }
        }
    }
}
