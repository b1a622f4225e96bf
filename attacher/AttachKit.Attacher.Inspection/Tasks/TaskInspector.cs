using System.Diagnostics;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Reads a paused process's pending async work from outside: one walk of its small-object heap for the tasks
/// not completed, then their links, then chains from each innermost awaited operation out to the outermost async
/// method, coalesced (docs/INTERNALS.md, "Pending async work").
/// </summary>
internal static class TaskInspector
{
    /// <summary>Chains followed at most; a process with more is reported as truncated.</summary>
    public const int MaxChains = 1_000_000;

    /// <summary>Distinct details (addresses, periods) kept per group.</summary>
    public const int MaxDetails = 5;

    /// <summary>
    /// Reads <paramref name="runtime"/>'s process, which must stay paused until this returns; the report refers to
    /// nothing in it. Throws <see cref="InvalidOperationException"/> when the heap cannot be walked (the process was
    /// paused in a garbage collection), <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static PendingTasksReport Inspect(ClrRuntime runtime, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var time = DateTimeOffset.UtcNow;
        var reader = runtime.DataTarget!.DataReader;
        var pid = reader.ProcessId;
        var heap = runtime.Heap;
        if (!heap.CanWalkHeap)
        {
            throw new InvalidOperationException("the heap cannot be walked now: the process was paused during a garbage collection; try again");
        }

        var now = TargetClock.NowMilliseconds(pid);
        if (AsyncTypes.Of(runtime) is not { } types)
        {
            return new PendingTasksReport(pid, time, 0, 0, 0, false, [], new HeapWalk(0, 0, 0, 0, stopwatch.Elapsed));
        }

        var (candidates, objects, walked, skipped, cutShort) = HeapScanner.Scan(heap, types, reader, cancellationToken);
        var memory = new TargetMemory(reader);
        var graph = AsyncGraph.Build(types, memory, candidates, cancellationToken);
        var chains = new ChainBuilder(new AwaitedOperations(types, memory), now, MaxChains, MaxDetails);
        var groups = chains.Build(graph, cancellationToken);
        return new PendingTasksReport(
            pid,
            time,
            graph.Nodes.Count,
            graph.Nodes.Count(node => node.IsStateMachine),
            chains.ChainCount,
            chains.Truncated,
            groups,
            new HeapWalk(objects, walked, skipped, cutShort, stopwatch.Elapsed));
    }
}
