using System.Globalization;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Pending async work as people read it: a header, then one block per group of identical chains, largest first:
/// the count and what the innermost frame waits on, then the chain as a logical stack, innermost first.
/// <code>
/// 1000 × waiting on a TaskCompletionSource's task (age not recorded)
///     MyApp.Repo.LoadAsync
///     MyApp.Service.GetAsync
///     MyApp.Controllers.ItemsController.Get
/// </code>
/// Names are the target's, written as they are: the caller escapes control characters for the terminal.
/// </summary>
internal static class PendingTasksText
{
    public static void Write(PendingTasksReport report, TextWriter writer)
    {
        var local = report.Time.ToLocalTime();
        writer.Write(Text($"Pending async work of process {report.Pid} at {local:yyyy-MM-dd HH:mm:ss.fff zzz}\n"));
        writer.Write(Text($"{Count(report.PendingTasks, "pending task")}, {Count(report.PendingStateMachines, "async method")} among them; "));
        writer.Write(Text($"{Count(report.ChainCount, "chain")} of awaits{(report.ChainsTruncated ? $" (stopped at {report.ChainCount}: there are more)" : "")}"));
        writer.Write(report.Groups.Count == 0 ? ".\n" : Text($" in {Count(report.Groups.Count, "group")} of identical chains, largest first, each innermost first:\n"));
        var heap = report.Heap;
        writer.Write(Text($"Read in {Milliseconds(heap.Elapsed)} from {heap.Objects:N0} objects ({Megabytes(heap.BytesWalked)} of small-object heap"));
        writer.Write(heap.BytesSkipped > 0 ? Text($"; {Megabytes(heap.BytesSkipped)} of large, pinned and frozen objects not read: they hold no tasks)") : ")");
        if (heap.SegmentsCutShort > 0)
        {
            writer.Write(Text($"; {Count(heap.SegmentsCutShort, "heap segment")} could not be read to the end, so some work may be missing"));
        }

        writer.Write(".\n");
        foreach (var group in report.Groups)
        {
            writer.Write('\n');
            writer.Write(Header(group));
            writer.Write('\n');
            foreach (var frame in group.Frames)
            {
                writer.Write("    ");
                writer.Write(frame.ToString());
                writer.Write('\n');
            }

            if (group.BlockedThreads > 0)
            {
                writer.Write(Text($"    ({(group.BlockedThreads == group.Count ? (group.Count == 1 ? "a thread blocks" : "a thread blocks on each") : $"threads block on {group.BlockedThreads} of them")} until the outermost completes: Task.Wait, .Result or GetAwaiter().GetResult())\n"));
            }
        }
    }

    /// <summary>"1000 × waiting on a Task.Delay timer: 1 h 0 min delay, started 12 s ago, due in 59 min 48 s".</summary>
    public static string Header(AsyncChainGroup group)
    {
        var awaiting = group.Awaiting;
        var what = awaiting.Kind == AwaitKind.Running ? "running on a thread at this moment" : $"waiting on {awaiting.Description}";
        var details = group.Details.Count switch
        {
            0 => "",
            _ when group.DistinctDetails == 1 => $": {group.Details[0]}",
            _ => Text($": {string.Join("; ", group.Details)}{(group.DistinctDetails > group.Details.Count ? $"; {group.DistinctDetails - group.Details.Count} more" : "")}"),
        };
        return Text($"{group.Count} × {what}{details}{Timing(group)}");
    }

    private static string Timing(AsyncChainGroup group)
    {
        if (group.Awaiting.Kind == AwaitKind.Running)
        {
            return "";
        }

        var timing = group.Timing;
        if (timing.Recorded == 0)
        {
            return timing.NeverDue == group.Count ? " (never due; age not recorded)" : " (age not recorded)";
        }

        var parts = new List<string> { $"started {Range(timing.NewestAge, timing.OldestAge)} ago" };
        if (timing.SoonestDue is { } soonest && timing.LatestDue is { } latest)
        {
            parts.Add(latest < TimeSpan.Zero ? $"overdue by {Range(-latest, -soonest)}" : $"due in {Range(soonest, latest)}");
        }

        if (timing.Recorded < group.Count)
        {
            parts.Add(Text($"{group.Count - timing.Recorded} of them not recorded"));
        }

        return ", " + string.Join(", ", parts);
    }

    // "12 s", or "12 s … 5 min 3 s" from the smaller to the larger.
    private static string Range(TimeSpan? smaller, TimeSpan? larger)
    {
        var from = Durations.Format(smaller ?? TimeSpan.Zero);
        var to = Durations.Format(larger ?? TimeSpan.Zero);
        return from == to ? from : $"{from} … {to}";
    }

    private static string Count(int count, string noun) => Text($"{count:N0} {noun}{(count == 1 ? "" : "s")}");

    private static string Milliseconds(TimeSpan elapsed) => Text($"{elapsed.TotalMilliseconds:0} ms");

    private static string Megabytes(long bytes) => bytes < 1024 * 1024 ? Text($"{bytes / 1024.0:0} KB") : Text($"{bytes / (1024.0 * 1024.0):0} MB");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
