using System.Diagnostics;
using System.Runtime;
using AttachKit.Agent.Commands.Runtime;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>gc [--compact]</c>: a full blocking collection, the one command here whose purpose is to change
/// the target. <c>--compact</c> also compacts the large object heap, once: the runtime resets
/// <see cref="GCSettings.LargeObjectHeapCompactionMode"/> to its default after that collection.
/// </summary>
internal sealed class GcCommand : IAttachCommand
{
    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.Gc);

    public string Name => BuiltInCommands.Gc;

    public string Summary => "a full blocking garbage collection (--compact: of the large object heap too), with the heap before and after";

    public ReplyStatus Execute(CommandContext context)
    {
        var compact = Options.Parse(Name, context.Arguments).Has("--compact");
        var rssBefore = ProcessMemory.Read().ResidentBytes;
        if (compact)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        }

        // No WaitForPendingFinalizers: a finalizer of the app's that blocks would hold this command forever.
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: compact);
        var took = Stopwatch.GetElapsedTime(started);
        // The collection's own account of the heap before and after it: exact, where GetTotalMemory is an approximation.
        var collection = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        long heapBefore = 0;
        foreach (var generation in collection.GenerationInfo)
        {
            heapBefore += generation.SizeBeforeBytes;
        }

        var heapAfter = collection.HeapSizeBytes;
        new FieldReport()
            .Add("heapBeforeBytes", "Heap before", new ByteSize(heapBefore))
            .Add("heapAfterBytes", "Heap after", new ByteSize(heapAfter))
            .Add("freedBytes", "Freed", new ByteSize(heapBefore - heapAfter))
            .Add("committedBytes", "Committed", new ByteSize(collection.TotalCommittedBytes))
            .Add("rssBeforeBytes", "RSS before", new ByteSize(rssBefore))
            .Add("rssAfterBytes", "RSS after", new ByteSize(ProcessMemory.Read().ResidentBytes))
            .Add("durationSeconds", "Took", took)
            .Add("pauseSeconds", "Paused", collection.PauseDurations[0])
            .Add("compacted", "Compacted", collection.Compacted)
            .Add("lohCompacted", "LOH compacted", compact)
            .Add("index", "GC number", collection.Index)
            .Add("finalizationPending", "To finalize", collection.FinalizationPendingCount)
            .WriteTo(context);
        return ReplyStatus.Ok;
    }
}
