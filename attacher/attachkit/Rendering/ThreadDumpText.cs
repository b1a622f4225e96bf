using System.Globalization;
using System.Text;
using AttachKit.Attacher.Threads;

namespace AttachKit.Cli.Rendering;

/// <summary>A thread dump as people read it, in the manner of jstack: a header, then each thread and its frames.</summary>
internal static class ThreadDumpText
{
    private const int NamesShown = 20;

    public static byte[] Render(ThreadDump dump, ThreadDumpView view)
    {
        var text = new StringBuilder();
        var local = dump.Time.ToLocalTime();
        text.Append(CultureInfo.InvariantCulture, $"Thread dump of process {dump.Pid}{(dump.App is null ? "" : $" ({dump.App})")} at {local:yyyy-MM-dd HH:mm:ss.fff zzz}\n");
        text.Append(CultureInfo.InvariantCulture, $"{dump.Runtime}, {Count(dump.Threads.Count, "thread")}");
        if (dump.LeftOut > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" (and {dump.LeftOut} of the agent's serving this dump, not shown)");
        }

        text.Append('\n');
        var threads = view.Threads(dump);
        if (view.Top is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Busiest {threads.Count} by CPU over {Seconds(dump.Interval ?? TimeSpan.Zero)}:\n");
        }

        if (view.Group)
        {
            var groups = dump.GroupByStack(threads);
            text.Append(CultureInfo.InvariantCulture, $"{Count(threads.Count, "thread")} in {Count(groups.Count, "group")} of identical stacks, largest first:\n");
            foreach (var group in groups)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{Count(group.Threads.Count, "thread")}: {Names(group.Threads)}\n");
                AppendFrames(text, group.Frames, group.IsManaged);
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }

        foreach (var thread in threads)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\"{thread.Name}\" tid={thread.Tid} {thread.State} ({ThreadStates.Describe(thread.State)}) cpu={Seconds(thread.Cpu)}");
            if (thread.CpuPercent is { } percent)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({percent:0.0}% over {Seconds(dump.Interval ?? TimeSpan.Zero)})");
            }

            text.Append('\n');
            AppendFrames(text, thread.Frames, thread.IsManaged);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendFrames(StringBuilder text, IReadOnlyList<StackFrame> frames, bool managed)
    {
        if (!managed)
        {
            text.Append("    (native thread: no managed frames)\n");
            return;
        }

        if (frames.Count == 0)
        {
            text.Append("    (no managed frames at the moment of the sample)\n");
        }

        foreach (var frame in frames)
        {
            text.Append("    at ").Append(frame).Append('\n');
        }
    }

    // "worker-1, worker-2" or "idle-worker ×300": one entry per distinct name, in tid order.
    private static string Names(IReadOnlyList<DumpedThread> threads)
    {
        var names = threads.GroupBy(thread => thread.Name, StringComparer.Ordinal)
            .Select(name => name.Count() == 1 ? name.Key : string.Create(CultureInfo.InvariantCulture, $"{name.Key} ×{name.Count()}"))
            .ToList();
        var shown = string.Join(", ", names.Take(NamesShown));
        return names.Count > NamesShown ? $"{shown}, … ({names.Count - NamesShown} more names)" : shown;
    }

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0}ms")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.00}s");
}
