using System.Globalization;
using System.Text.Json;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Pending async work as one JSON object, written by hand with <see cref="Utf8JsonWriter"/> (no reflection, for
/// NativeAOT); keys as the thread dump's. Durations in seconds, rounded to milliseconds; a key whose value the
/// target does not record is left out.
/// </summary>
internal static class PendingTasksJson
{
    /// <summary>
    /// Writes the report as one object with the caller's writer (and so its options: indentation, escaping);
    /// <paramref name="header"/> writes the caller's own first fields after the pid.
    /// </summary>
    public static void Write(PendingTasksReport report, Utf8JsonWriter json, Action<Utf8JsonWriter>? header = null)
    {
        json.WriteStartObject();
        json.WriteNumber("pid", report.Pid);
        header?.Invoke(json);
        json.WriteString("time", report.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteNumber("pendingTasks", report.PendingTasks);
        json.WriteNumber("pendingStateMachines", report.PendingStateMachines);
        json.WriteNumber("chainCount", report.ChainCount);
        json.WriteBoolean("chainsTruncated", report.ChainsTruncated);
        json.WriteNumber("groupCount", report.Groups.Count);
        json.WriteStartObject("heap");
        json.WriteNumber("objects", report.Heap.Objects);
        json.WriteNumber("bytesWalked", report.Heap.BytesWalked);
        json.WriteNumber("bytesSkipped", report.Heap.BytesSkipped);
        json.WriteNumber("segmentsCutShort", report.Heap.SegmentsCutShort);
        json.WriteNumber("seconds", Seconds(report.Heap.Elapsed));
        json.WriteEndObject();
        json.WriteStartArray("groups");
        foreach (var group in report.Groups)
        {
            WriteGroup(json, group);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The kind's name in JSON: <c>taskCompletionSource</c>, <c>timer</c>, <c>socket</c>…</summary>
    public static string KindName(AwaitKind kind) => kind switch
    {
        AwaitKind.TaskCompletionSource => "taskCompletionSource",
        AwaitKind.Timer => "timer",
        AwaitKind.Socket => "socket",
        AwaitKind.Semaphore => "semaphore",
        AwaitKind.Channel => "channel",
        AwaitKind.Pipe => "pipe",
        AwaitKind.DelegateTask => "delegateTask",
        AwaitKind.Combinator => "combinator",
        AwaitKind.ValueTaskSource => "valueTaskSource",
        AwaitKind.Resuming => "resuming",
        AwaitKind.Running => "running",
        _ => "unknown",
    };

    private static void WriteGroup(Utf8JsonWriter json, AsyncChainGroup group)
    {
        json.WriteStartObject();
        json.WriteNumber("count", group.Count);
        json.WriteStartObject("waitingOn");
        json.WriteString("kind", KindName(group.Awaiting.Kind));
        json.WriteString("description", group.Awaiting.Description);
        if (group.Awaiting.TypeName is { } type)
        {
            json.WriteString("type", type);
        }

        json.WriteEndObject();
        json.WriteStartArray("frames");
        foreach (var frame in group.Frames)
        {
            json.WriteStringValue(frame.ToString());
        }

        json.WriteEndArray();
        json.WriteNumber("blockedThreads", group.BlockedThreads);
        var timing = group.Timing;
        json.WriteNumber("ageRecorded", timing.Recorded);
        WriteSeconds(json, "oldestAgeSeconds", timing.OldestAge);
        WriteSeconds(json, "newestAgeSeconds", timing.NewestAge);
        WriteSeconds(json, "soonestDueSeconds", timing.SoonestDue);
        WriteSeconds(json, "latestDueSeconds", timing.LatestDue);
        json.WriteNumber("neverDue", timing.NeverDue);
        json.WriteStartArray("details");
        foreach (var detail in group.Details)
        {
            json.WriteStringValue(detail);
        }

        json.WriteEndArray();
        json.WriteNumber("distinctDetails", group.DistinctDetails);
        json.WriteEndObject();
    }

    private static void WriteSeconds(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            json.WriteNumber(name, Seconds(duration));
        }
    }

    private static double Seconds(TimeSpan duration) => Math.Round(duration.TotalSeconds, 3);
}
