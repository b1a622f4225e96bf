namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// The counters over one interval, from the samples at its two ends: levels (RSS, heap, queue) as
/// they are at its end, rates per second over it, collections counted within it. One model for the
/// snapshot's labelled fields and for the streamed rows.
/// </summary>
internal sealed class CounterRow(CounterSample from, CounterSample to)
{
    /// <summary>Each value's column (JSON key, row header, width) and its label in the snapshot.</summary>
    public static IReadOnlyList<(TableColumn Column, string Label)> Fields { get; } =
    [
        (new("time", "time", 8), "Time"),
        (new("cpuPercent", "cpu%", 5, true), "CPU % (of one core)"),
        (new("rssBytes", "rss", 9, true), "RSS"),
        (new("gcHeapBytes", "heap", 9, true), "GC heap"),
        (new("allocatedBytesPerSecond", "alloc/s", 9, true), "Allocated/s"),
        (new("gen0Collections", "gen0", 4, true), "Gen0 GCs"),
        (new("gen1Collections", "gen1", 4, true), "Gen1 GCs"),
        (new("gen2Collections", "gen2", 4, true), "Gen2 GCs"),
        (new("threadPoolThreads", "threads", 7, true), "Pool threads"),
        (new("threadPoolQueueLength", "queue", 6, true), "Pool queue"),
        (new("threadPoolCompletedPerSecond", "done/s", 8, true), "Pool completed/s"),
        (new("lockContentionsPerSecond", "locks/s", 7, true), "Lock contentions/s"),
        (new("exceptionsPerSecond", "exc/s", 6, true), "Exceptions/s"),
        (new("activeTimers", "timers", 6, true), "Active timers"),
        (new("jittedMethods", "jitted", 7, true), "Methods jitted"),
        (new("jittedILBytes", "jit-il", 9, true), "IL jitted"),
    ];

    public static IReadOnlyList<TableColumn> Columns { get; } = Fields.Select(field => field.Column).ToList();

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(Math.Max(1e-6, (double)(to.Timestamp - from.Timestamp) / System.Diagnostics.Stopwatch.Frequency));

    public object?[] Values() =>
    [
        new ClockTime(to.Time),
        Math.Round(100 * (to.CpuTime - from.CpuTime).TotalSeconds / Interval.TotalSeconds, 1),
        new ByteSize(to.ResidentBytes),
        ByteSize.OrNull(to.HeapBytes),
        new ByteSize((long)PerSecond(to.AllocatedBytes - from.AllocatedBytes)),
        to.Gen0 - from.Gen0,
        to.Gen1 - from.Gen1,
        to.Gen2 - from.Gen2,
        to.PoolThreads,
        to.PoolPending,
        Math.Round(PerSecond(to.PoolCompleted - from.PoolCompleted), 1),
        Math.Round(PerSecond(to.LockContentions - from.LockContentions), 1),
        to.Exceptions - from.Exceptions is { } thrown ? Math.Round(PerSecond(thrown), 1) : null,
        to.ActiveTimers,
        to.JittedMethods,
        new ByteSize(to.JittedILBytes),
    ];

    /// <summary>The row as labelled fields, for a single snapshot.</summary>
    public FieldReport ToReport(FieldReport report)
    {
        var values = Values();
        for (var i = 0; i < Fields.Count; i++)
        {
            report.Add(Fields[i].Column.Key!, Fields[i].Label, values[i]);
        }

        return report;
    }

    private double PerSecond(long delta) => delta / Interval.TotalSeconds;
}
