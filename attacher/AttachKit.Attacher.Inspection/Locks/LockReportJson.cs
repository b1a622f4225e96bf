using System.Globalization;
using System.Text.Json;

namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>A <see cref="LockReport"/> as JSON, written by hand (no reflection: NativeAOT).</summary>
internal static class LockReportJson
{
    /// <summary>
    /// Writes one object: the threads and the deadlocks, or with <paramref name="deadlocksOnly"/> the
    /// deadlocks and only the threads in them; <paramref name="header"/> writes the caller's own first fields after the pid.
    /// </summary>
    public static void Write(LockReport report, Utf8JsonWriter json, bool deadlocksOnly, Action<Utf8JsonWriter>? header = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(json);
        var threads = deadlocksOnly
            ? report.Deadlocks.SelectMany(deadlock => deadlock.Threads).DistinctBy(thread => thread.Tid).ToList()
            : report.Threads;
        json.WriteStartObject();
        json.WriteNumber("pid", report.ProcessId);
        header?.Invoke(json);
        json.WriteNumber("threadCount", report.Threads.Count);
        json.WriteNumber("deadlockCount", report.Deadlocks.Count);
        json.WriteStartArray("deadlocks");
        foreach (var deadlock in report.Deadlocks)
        {
            json.WriteStartObject();
            json.WriteStartArray("threads");
            foreach (var thread in deadlock.Threads)
            {
                json.WriteStartObject();
                WriteThreadRef(json, thread.Ref);
                json.WritePropertyName("waitingFor");
                WriteWait(json, thread.Waiting!);
                json.WritePropertyName("heldBy");
                json.WriteStartObject();
                WriteThreadRef(json, thread.Waiting!.Owner!);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("threads");
        foreach (var thread in threads)
        {
            WriteThread(json, thread);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The whole document and a newline, as UTF-8.</summary>
    public static byte[] Render(LockReport report, bool deadlocksOnly, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            Write(report, json, deadlocksOnly);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteThread(Utf8JsonWriter json, LockThread thread)
    {
        json.WriteStartObject();
        WriteThreadRef(json, thread.Ref);
        json.WriteStartArray("frames");
        foreach (var frame in thread.Frames)
        {
            json.WriteStringValue(frame);
        }

        json.WriteEndArray();
        json.WriteStartArray("locksHeld");
        foreach (var held in thread.Held)
        {
            json.WriteStartObject();
            WriteObject(json, held.Object);
            json.WriteString("kind", Name(held.Kind));
            json.WriteString("mode", Name(held.Mode));
            json.WriteNumber("entries", held.Entries);
            if (held.Frame is { } frame)
            {
                json.WriteNumber("frame", frame);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (thread.Waiting is { } waiting)
        {
            json.WritePropertyName("waitingFor");
            WriteWait(json, waiting);
        }

        json.WriteEndObject();
    }

    private static void WriteWait(Utf8JsonWriter json, LockWait waiting)
    {
        json.WriteStartObject();
        if (waiting.Object is { } obj)
        {
            WriteObject(json, obj);
        }

        json.WriteString("kind", Name(waiting.Kind));
        json.WriteString("mode", Name(waiting.Mode));
        json.WriteString("ownerState", Name(waiting.State));
        if (waiting.Owner is { } owner)
        {
            json.WriteStartObject("owner");
            WriteThreadRef(json, owner);
            json.WriteEndObject();
            json.WriteString("ownerMode", Name(waiting.OwnerMode));
        }

        if (waiting.State == OwnerState.Readers)
        {
            json.WriteNumber("readers", waiting.Readers);
        }

        json.WriteEndObject();
    }

    private static void WriteThreadRef(Utf8JsonWriter json, ThreadRef thread)
    {
        json.WriteNumber("tid", thread.Tid);
        json.WriteNumber("managedId", thread.ManagedId);
        json.WriteString("name", thread.Name);
    }

    private static void WriteObject(Utf8JsonWriter json, LockObject obj)
    {
        json.WriteString("address", string.Create(CultureInfo.InvariantCulture, $"0x{obj.Address:x16}"));
        json.WriteString("type", obj.Type);
    }

    private static string Name(LockKind kind) => kind switch
    {
        LockKind.Monitor => "monitor",
        LockKind.Lock => "lock",
        LockKind.ReaderWriterLockSlim => "readerWriterLockSlim",
        LockKind.SemaphoreSlim => "semaphoreSlim",
        LockKind.ManualResetEventSlim => "manualResetEventSlim",
        LockKind.CountdownEvent => "countdownEvent",
        LockKind.Barrier => "barrier",
        LockKind.WaitHandle => "waitHandle",
        LockKind.Task => "task",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Name(LockMode mode) => mode switch
    {
        LockMode.Enter => "enter",
        LockMode.Read => "read",
        LockMode.UpgradeableRead => "upgradeableRead",
        LockMode.Write => "write",
        LockMode.Wait => "wait",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static string Name(OwnerState state) => state switch
    {
        OwnerState.Owned => "owned",
        OwnerState.OwnerExited => "ownerExited",
        OwnerState.Free => "free",
        OwnerState.Readers => "readers",
        OwnerState.NotRecorded => "notRecorded",
        OwnerState.Condition => "condition",
        OwnerState.Unidentified => "unidentified",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
