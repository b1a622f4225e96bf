using System.Globalization;

namespace AttachKit.Attacher.Inspection.Locks;

/// <summary>
/// A <see cref="LockReport"/> as people read it, in the manner of <c>jstack -l</c>: each thread with its
/// frames, the locks it holds under the frame that references them and what it waits for under its
/// innermost frame; then the deadlocks.
/// </summary>
internal static class LockReportText
{
    /// <summary>
    /// Writes the threads and then the deadlocks, or with <paramref name="deadlocksOnly"/> the deadlocks
    /// and the stacks of the threads in them.
    /// </summary>
    public static void Write(LockReport report, TextWriter output, bool deadlocksOnly)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        if (!deadlocksOnly)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"Threads and locks of process {report.ProcessId}: {Count(report.Threads.Count, "managed thread")}\n"));
            foreach (var thread in report.Threads)
            {
                output.Write('\n');
                WriteThread(output, thread);
            }

            output.Write('\n');
        }

        WriteDeadlocks(output, report.Deadlocks);
        if (deadlocksOnly && report.Deadlocks.Count > 0)
        {
            output.Write("\nStacks of the threads above:\n");
            foreach (var thread in report.Deadlocks.SelectMany(deadlock => deadlock.Threads).DistinctBy(thread => thread.Tid))
            {
                output.Write('\n');
                WriteThread(output, thread);
            }
        }
    }

    /// <summary>The whole text, as <see cref="Write"/> writes it.</summary>
    public static string Render(LockReport report, bool deadlocksOnly)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, text, deadlocksOnly);
        return text.ToString();
    }

    private static void WriteThread(TextWriter output, LockThread thread)
    {
        output.Write(string.Create(CultureInfo.InvariantCulture, $"\"{thread.Name}\" #{thread.ManagedId} tid={thread.Tid}\n"));
        if (thread.Frames.Count == 0)
        {
            output.Write("    (no managed frames)\n");
        }

        for (var i = 0; i < thread.Frames.Count; i++)
        {
            output.Write("    at ");
            output.Write(thread.Frames[i]);
            output.Write('\n');
            if (i == 0 && thread.Waiting is { } waiting)
            {
                output.Write("    - ");
                output.Write(Waiting(waiting));
                output.Write('\n');
            }

            foreach (var held in thread.Held.Where(held => held.Frame == i))
            {
                output.Write("    - ");
                output.Write(Held(held));
                output.Write('\n');
            }
        }

        if (thread.Frames.Count == 0 && thread.Waiting is { } unframed)
        {
            output.Write("    - ");
            output.Write(Waiting(unframed));
            output.Write('\n');
        }

        foreach (var held in thread.Held.Where(held => held.Frame is null))
        {
            output.Write("    - ");
            output.Write(Held(held));
            output.Write(", referenced from no frame of this stack\n");
        }
    }

    private static void WriteDeadlocks(TextWriter output, IReadOnlyList<Deadlock> deadlocks)
    {
        if (deadlocks.Count == 0)
        {
            output.Write("No deadlocks found.\n");
            return;
        }

        output.Write(string.Create(CultureInfo.InvariantCulture, $"Found {Count(deadlocks.Count, "deadlock")}:\n"));
        for (var d = 0; d < deadlocks.Count; d++)
        {
            var deadlock = deadlocks[d];
            output.Write(string.Create(CultureInfo.InvariantCulture, $"\nDeadlock {d + 1} of {deadlocks.Count}, {Count(deadlock.Threads.Count, "thread")}:\n"));
            foreach (var thread in deadlock.Threads)
            {
                var waiting = thread.Waiting!;
                output.Write(string.Create(CultureInfo.InvariantCulture, $"\"{thread.Name}\" tid={thread.Tid}:\n"));
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  waiting to lock {Object(waiting.Object)}{ForMode(waiting.Mode)},\n"));
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  which is held by {Thread(waiting.Owner!)}\n"));
            }
        }
    }

    /// <summary>The line under a waiting thread's innermost frame (without its "- ").</summary>
    public static string Waiting(LockWait waiting)
    {
        var what = waiting.Object is { } obj ? Object(obj) : string.Create(CultureInfo.InvariantCulture, $"a {KindName(waiting.Kind)} whose object is not on this stack");
        if (!waiting.IsAcquire)
        {
            return waiting.State == OwnerState.Condition
                ? $"waiting on {what}"
                : waiting.Kind == LockKind.Task
                    ? $"waiting for {what} to complete; a task has no owner thread"
                    : $"waiting on {what}, which has no owner: which thread will release it cannot be known";
        }

        var lead = waiting.Kind == LockKind.Monitor && waiting.Object is null
            ? "waiting to lock a monitor whose object is not on this stack"
            : $"waiting to lock {what}{ForMode(waiting.Mode)}";
        var holder = waiting.Kind == LockKind.ReaderWriterLockSlim ? ReaderWriterHolder(waiting) : "owned by";
        return waiting.State switch
        {
            OwnerState.Owned => $"{lead}{(waiting.Kind == LockKind.ReaderWriterLockSlim ? "," : "")} {holder} {Thread(waiting.Owner!)}",
            OwnerState.OwnerExited => waiting.Owner is { ManagedId: > 0 } gone
                ? string.Create(CultureInfo.InvariantCulture, $"{lead}, {holder} #{gone.ManagedId}, a thread that has exited without releasing it")
                : $"{lead}, {holder} a thread that has exited without releasing it",
            OwnerState.Readers => string.Create(CultureInfo.InvariantCulture, $"{lead}, read-locked by {Count(waiting.Readers, "thread")}: readers are not recorded by the runtime"),
            OwnerState.Unidentified => lead,
            _ => $"{lead}, which nobody holds at this moment",
        };
    }

    /// <summary>The line under the frame that references a held lock (without its "- ").</summary>
    public static string Held(HeldLock held)
    {
        var verb = held.Mode switch
        {
            LockMode.Write => "write-locked",
            LockMode.UpgradeableRead => "upgradeable-read-locked",
            LockMode.Read => "read-locked",
            _ => "locked",
        };
        var times = held.Entries > 1 ? string.Create(CultureInfo.InvariantCulture, $", entered {held.Entries} times") : "";
        return $"{verb} {Object(held.Object)}{times}";
    }

    private static string ReaderWriterHolder(LockWait waiting) => waiting.OwnerMode switch
    {
        LockMode.Write => "write-locked by",
        LockMode.UpgradeableRead => "upgradeable-read-locked by",
        _ => "owned by",
    };

    private static string ForMode(LockMode mode) => mode switch
    {
        LockMode.Read => " for reading",
        LockMode.Write => " for writing",
        LockMode.UpgradeableRead => " for upgradeable reading",
        _ => "",
    };

    private static string Object(LockObject? obj)
        => obj is null ? "an object not on this stack" : string.Create(CultureInfo.InvariantCulture, $"<0x{obj.Address:x16}> (a {obj.Type})");

    private static string Thread(ThreadRef thread) => string.Create(CultureInfo.InvariantCulture, $"\"{thread.Name}\" tid={thread.Tid}");

    private static string KindName(LockKind kind) => kind switch
    {
        LockKind.Lock => "System.Threading.Lock",
        LockKind.Task => "task",
        LockKind.WaitHandle => "WaitHandle",
        _ => kind.ToString(),
    };

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
