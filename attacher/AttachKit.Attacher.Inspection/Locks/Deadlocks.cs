namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>
/// The cycles of the wait-for graph: an edge goes from a thread to the thread that holds what it waits
/// to lock. A thread waits for one thing at a time, so each thread has at most one edge, and every
/// cycle is found by following edges from each thread until a thread repeats.
/// </summary>
internal static class Deadlocks
{
    public static IReadOnlyList<Deadlock> Find(IReadOnlyList<LockThread> threads)
    {
        var byTid = new Dictionary<int, int>();
        for (var i = 0; i < threads.Count; i++)
        {
            byTid.TryAdd(threads[i].Tid, i);
        }

        // 0: not visited; 1 + start: visited on the walk from thread 'start'; done: on an earlier walk.
        var mark = new int[threads.Count];
        const int Done = -1;
        var found = new List<(int First, List<LockThread> Cycle)>();
        for (var start = 0; start < threads.Count; start++)
        {
            var walk = new List<int>();
            var at = start;
            while (at >= 0 && mark[at] == 0)
            {
                mark[at] = 1 + start;
                walk.Add(at);
                at = Next(threads[at], byTid);
            }

            // Back on a thread of this very walk: the walk from there on is a cycle, met for the first time.
            if (at >= 0 && mark[at] == 1 + start)
            {
                var members = walk.Skip(walk.IndexOf(at)).ToList();
                var first = members.IndexOf(members.Min());
                found.Add((members.Min(), [.. members.Skip(first).Concat(members.Take(first)).Select(i => threads[i])]));
            }

            foreach (var i in walk)
            {
                mark[i] = Done;
            }
        }

        return [.. found.OrderBy(cycle => cycle.First).Select(cycle => new Deadlock(cycle.Cycle))];
    }

    private static int Next(LockThread thread, Dictionary<int, int> byTid)
        => thread.Waiting is { IsAcquire: true, State: OwnerState.Owned, Owner: { } owner } && byTid.TryGetValue(owner.Tid, out var next) ? next : -1;
}
