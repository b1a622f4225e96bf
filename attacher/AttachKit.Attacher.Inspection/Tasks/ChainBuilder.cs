namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Turns the graph into chains and coalesces them: from each innermost node (one nothing pending completes into)
/// out along "who continues whom" to a node nothing continues; one chain per path. A task awaited by many
/// (a shared TaskCompletionSource) starts as many chains; a Task.WhenAll is reached from each of its tasks and
/// appears as a frame in each. Chains with no async method are left out.
/// </summary>
internal sealed class ChainBuilder(AwaitedOperations operations, long now, int maxChains, int maxDetails)
{
    private readonly Dictionary<AsyncFrame, int> _frameIds = [];
    private readonly List<AsyncFrame> _frameList = [];
    private readonly Dictionary<TypeFacts, int> _methodFrames = [];
    private readonly Dictionary<AsyncNode, int> _combinatorFrames = [];
    private readonly Dictionary<(AwaitKind, string), int> _operationIds = [];
    private readonly Dictionary<ChainKey, GroupBuilder> _groups = [];

    public int ChainCount { get; private set; }

    public bool Truncated { get; private set; }

    public IReadOnlyList<AsyncChainGroup> Build(AsyncGraph graph, CancellationToken cancellationToken)
    {
        var path = new List<AsyncNode>();
        var onPath = new HashSet<AsyncNode>();
        var next = new List<int>();
        foreach (var leaf in graph.Nodes)
        {
            if (leaf.HasInner)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Truncated)
            {
                break;
            }

            // Depth first, without recursion: an async recursion can be thousands of frames deep.
            Innermost? innermost = null;
            path.Add(leaf);
            onPath.Add(leaf);
            next.Add(0);
            while (path.Count > 0)
            {
                var node = path[^1];
                var index = next[^1];
                if (index == 0 && !node.Outer.Any(outer => !onPath.Contains(outer)))
                {
                    innermost ??= operations.Classify(leaf);
                    Emit(path, innermost);
                }

                var advanced = false;
                while (index < node.Outer.Count)
                {
                    var outer = node.Outer[index++];
                    if (!onPath.Contains(outer))
                    {
                        next[^1] = index;
                        path.Add(outer);
                        onPath.Add(outer);
                        next.Add(0);
                        advanced = true;
                        break;
                    }
                }

                if (!advanced)
                {
                    onPath.Remove(node);
                    path.RemoveAt(path.Count - 1);
                    next.RemoveAt(next.Count - 1);
                }
            }
        }

        return _groups.Values
            .Select(group => group.ToGroup())
            .OrderByDescending(group => group.Count)
            .ThenBy(group => string.Join('\n', group.Frames.Select(frame => frame.Name)), StringComparer.Ordinal)
            .ToList();
    }

    private void Emit(List<AsyncNode> path, Innermost innermost)
    {
        if (!path.Any(node => node.IsStateMachine) || Truncated)
        {
            return;
        }

        if (ChainCount == maxChains)
        {
            Truncated = true;
            return;
        }

        ChainCount++;

        // The key: the frames' ids, innermost first (the innermost node is the awaited operation unless it is an
        // async method itself), then the operation's.
        var start = path[0].IsStateMachine ? 0 : 1;
        var ids = new int[path.Count - start + 1];
        for (var i = start; i < path.Count; i++)
        {
            ids[i - start] = FrameId(path[i]);
        }

        var operation = innermost.Operation;
        if (!_operationIds.TryGetValue((operation.Kind, operation.Description), out var operationId))
        {
            operationId = _operationIds.Count;
            _operationIds[(operation.Kind, operation.Description)] = operationId;
        }

        ids[^1] = operationId;
        var key = new ChainKey(ids);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new GroupBuilder(ids[..^1].Select(id => _frameList[id]).ToList(), operation, maxDetails);
            _groups[key] = group;
        }

        group.Add(innermost, path[^1].BlockedThread, now);
    }

    // One id per distinct frame: an async method's is its state machine type's, a combinator's its own node's
    // (a ContinueWith names its delegate).
    private int FrameId(AsyncNode node)
    {
        int id;
        if (node.IsStateMachine)
        {
            if (!_methodFrames.TryGetValue(node.Facts, out id))
            {
                id = IdOf(new AsyncFrame(node.Facts.Method, IsMethod: true));
                _methodFrames[node.Facts] = id;
            }
        }
        else if (!_combinatorFrames.TryGetValue(node, out id))
        {
            id = IdOf(new AsyncFrame(operations.CombinatorName(node), IsMethod: false));
            _combinatorFrames[node] = id;
        }

        return id;
    }

    private int IdOf(AsyncFrame frame)
    {
        if (!_frameIds.TryGetValue(frame, out var id))
        {
            id = _frameList.Count;
            _frameList.Add(frame);
            _frameIds[frame] = id;
        }

        return id;
    }

    private readonly struct ChainKey(int[] ids) : IEquatable<ChainKey>
    {
        private readonly int _hash = Hash(ids);

        public bool Equals(ChainKey other) => _hash == other._hash && ids.AsSpan().SequenceEqual(other.Ids);

        public override bool Equals(object? obj) => obj is ChainKey other && Equals(other);

        public override int GetHashCode() => _hash;

        private int[] Ids => ids;

        private static int Hash(int[] ids)
        {
            var hash = new HashCode();
            foreach (var id in ids)
            {
                hash.Add(id);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class GroupBuilder(List<AsyncFrame> frames, AwaitedOperation operation, int maxDetails)
    {
        private readonly HashSet<string> _details = new(StringComparer.Ordinal);
        private readonly List<string> _shownDetails = [];
        private int _count;
        private int _blocked;
        private int _recorded;
        private int _neverDue;
        private long? _oldestStart;
        private long? _newestStart;
        private long? _soonestDue;
        private long? _latestDue;
        private long _now;

        public void Add(Innermost innermost, bool blockedThread, long now)
        {
            _now = now;
            _count++;
            if (blockedThread)
            {
                _blocked++;
            }

            if (innermost.NeverDue)
            {
                _neverDue++;
            }

            if (innermost.StartedAt is { } start)
            {
                _recorded++;
                _oldestStart = Math.Min(_oldestStart ?? start, start);
                _newestStart = Math.Max(_newestStart ?? start, start);
            }

            if (innermost.DueAt is { } due)
            {
                _soonestDue = Math.Min(_soonestDue ?? due, due);
                _latestDue = Math.Max(_latestDue ?? due, due);
            }

            if (innermost.Detail is { } detail && _details.Add(detail) && _shownDetails.Count < maxDetails)
            {
                _shownDetails.Add(detail);
            }
        }

        public AsyncChainGroup ToGroup()
        {
            TimeSpan? Since(long? tick) => tick is { } t ? TimeSpan.FromMilliseconds(_now - t) : null;
            TimeSpan? Until(long? tick) => tick is { } t ? TimeSpan.FromMilliseconds(t - _now) : null;
            var timing = _recorded == 0 && _neverDue == 0 && _soonestDue is null
                ? WaitTiming.NotRecorded
                : new WaitTiming(Since(_oldestStart), Since(_newestStart), Until(_soonestDue), Until(_latestDue), _recorded, _neverDue);
            return new AsyncChainGroup(_count, frames, operation, _blocked, timing, _shownDetails, _details.Count);
        }
    }
}
