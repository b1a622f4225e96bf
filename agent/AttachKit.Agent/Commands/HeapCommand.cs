using System.Runtime;
using AttachKit.Agent.Commands.Runtime;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary><c>heap</c>: the GC heap now and at the last collection, the GC's configuration, and the memory it works within.</summary>
internal sealed class HeapCommand : IAttachCommand
{
    private static readonly string[] GenerationNames = ["gen0", "gen1", "gen2", "loh", "poh"];

    public string Name => BuiltInCommands.Heap;

    public string Summary => "GC heap size, generations, collections, pauses, GC mode, memory limits and RSS";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        var config = Configuration.Value;
        var memory = ProcessMemory.Read();

        // Committed, fragmentation and memory load are measured by a collection: unknown before the first.
        var collected = last.Index > 0;
        new FieldReport()
            .Add("heapSizeBytes", "Heap size", ByteSize.OrNull(HeapSize.Now()))
            .Add("committedBytes", "Committed", collected ? new ByteSize(last.TotalCommittedBytes) : null)
            .Add("fragmentedBytes", "Fragmented", collected ? new ByteSize(last.FragmentedBytes) : null)
            .Add("totalAllocatedBytes", "Allocated in all", new ByteSize(GC.GetTotalAllocatedBytes(precise: false)))
            .Add("gen0Collections", "Gen0 collections", GC.CollectionCount(0))
            .Add("gen1Collections", "Gen1 collections", GC.CollectionCount(1))
            .Add("gen2Collections", "Gen2 collections", GC.CollectionCount(2))
            .Add("pauseTimePercent", "Pause time %", last.PauseTimePercentage)
            .Add("totalPauseSeconds", "Paused in all", GC.GetTotalPauseDuration())
            .Add("gcMode", "GC mode", config.Server ? "server" : "workstation")
            .Add("heapCount", "Heaps", config.HeapCount)
            .Add("concurrent", "Concurrent", config.Concurrent)
            .Add("latencyMode", "Latency mode", GCSettings.LatencyMode.ToString())
            .Add("memoryLoadBytes", "Memory load", collected ? new ByteSize(last.MemoryLoadBytes) : null)
            .Add("highMemoryLoadThresholdBytes", "High load at", new ByteSize(last.HighMemoryLoadThresholdBytes))
            .Add("totalAvailableMemoryBytes", "Memory limit", new ByteSize(last.TotalAvailableMemoryBytes))
            .Add("containerLimitBytes", "Container limit", ByteSize.OrNull(CgroupMemory.Limit()))
            .Add("heapHardLimitBytes", "Heap hard limit", ByteSize.OrNull(config.HardLimit))
            .Add("rssBytes", "Process RSS", new ByteSize(memory.ResidentBytes))
            .Add("peakRssBytes", "Peak RSS", new ByteSize(memory.PeakResidentBytes))
            .Add("lastGc", "Last GC", collected ? LastCollection(last) : null)
            .Add("generations", "Generations at the last GC", Generations(last))
            .WriteTo(context);
        return ReplyStatus.Ok;
    }

    // The GC reads its configuration once, at start-up, so it is read once here too: its dictionary of
    // boxed values would otherwise be a large part of what every heap request allocates.
    private static readonly Lazy<GcConfiguration> Configuration = new(GcConfiguration.Read);

    private sealed record GcConfiguration(bool Server, object? HeapCount, bool Concurrent, long? HardLimit)
    {
        public static GcConfiguration Read()
        {
            var config = GC.GetConfigurationVariables();
            return new GcConfiguration(
                config.GetValueOrDefault("ServerGC") is true,
                config.GetValueOrDefault("HeapCount"),
                config.GetValueOrDefault("ConcurrentGC") is true,
                config.GetValueOrDefault("GCHeapHardLimit") is long limit and > 0 ? limit : null);
        }
    }

    private static FieldReport LastCollection(GCMemoryInfo last) => new FieldReport()
        .Add("index", "Number", last.Index)
        .Add("generation", "Generation", last.Generation)
        .Add("compacted", "Compacted", last.Compacted)
        .Add("concurrent", "Background", last.Concurrent)
        .Add("pauseSeconds", "Pauses", last.PauseDurations.ToArray())
        .Add("promotedBytes", "Promoted", new ByteSize(last.PromotedBytes))
        .Add("pinnedObjects", "Pinned objects", last.PinnedObjectsCount)
        .Add("finalizationPending", "To finalize", last.FinalizationPendingCount);

    private static ReportTable Generations(GCMemoryInfo last)
    {
        var table = new ReportTable(
            new TableColumn("name", "gen"),
            new TableColumn("sizeBeforeBytes", "size before", AlignRight: true),
            new TableColumn("sizeAfterBytes", "size after", AlignRight: true),
            new TableColumn("fragmentationBeforeBytes", "frag before", AlignRight: true),
            new TableColumn("fragmentationAfterBytes", "frag after", AlignRight: true));
        var generations = last.Index > 0 ? last.GenerationInfo : [];
        for (var i = 0; i < generations.Length && i < GenerationNames.Length; i++)
        {
            table.AddRow(
                GenerationNames[i],
                new ByteSize(generations[i].SizeBeforeBytes),
                new ByteSize(generations[i].SizeAfterBytes),
                new ByteSize(generations[i].FragmentationBeforeBytes),
                new ByteSize(generations[i].FragmentationAfterBytes));
        }

        return table;
    }
}
