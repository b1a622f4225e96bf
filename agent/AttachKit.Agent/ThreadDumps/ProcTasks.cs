using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttachKit.Linux.Processes;
using AttachKit.Protocol.Threads;

namespace AttachKit.Agent.ThreadDumps;

/// <summary>Every thread of this process, read from /proc/self/task/&lt;tid&gt;/stat (proc(5)).</summary>
internal static class ProcTasks
{
    /// <summary>Reads the table now; threads in <paramref name="serving"/> are flagged as serving the dump.</summary>
    public static TaskSnapshot Read(IReadOnlySet<int> serving)
    {
        var timestamp = Stopwatch.GetElapsedTime(0); // a monotonic clock; only differences are used
        var tasks = new List<TaskEntry>();
        Span<byte> stat = stackalloc byte[1024];
        foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (TryReadStat(Path.Combine(directory, "stat"), stat) is { } task)
            {
                tasks.Add(task with { ServesDump = serving.Contains(task.Tid) });
            }
        }

        tasks.Sort((a, b) => a.Tid.CompareTo(b.Tid));
        return new TaskSnapshot(timestamp, tasks);
    }

    // "tid (comm) state ppid … utime stime …": comm may hold spaces and parentheses, so the fields
    // after it are counted from the last ')'; utime and stime are fields 14 and 15. Parsed from bytes:
    // a dump of a thousand threads reads a thousand files, in someone else's process.
    private static TaskEntry? TryReadStat(string path, Span<byte> buffer)
    {
        int length;
        try
        {
            using var file = File.OpenHandle(path);
            length = RandomAccess.Read(file, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the thread ended while the table was read
        }

        var stat = buffer[..length];
        var open = stat.IndexOf((byte)'(');
        var close = stat.LastIndexOf((byte)')');
        if (open < 1 || close < open || close + 2 >= stat.Length
            || !int.TryParse(stat[..(open - 1)], NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
        {
            return null;
        }

        var fields = stat[(close + 2)..];
        var state = (char)fields[0];
        long user = 0, system = 0;
        for (var field = 0; field <= 12 && !fields.IsEmpty; field++)
        {
            var end = fields.IndexOf((byte)' ');
            var value = end < 0 ? fields : fields[..end];
            if (field is 11 or 12 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                (user, system) = field == 11 ? (ticks, system) : (user, ticks);
            }

            fields = end < 0 ? [] : fields[(end + 1)..];
        }

        return new TaskEntry(tid, Encoding.UTF8.GetString(stat[(open + 1)..close]), state, ClockTicks(user), ClockTicks(system), ServesDump: false);
    }

    private static TimeSpan ClockTicks(long ticks) => TimeSpan.FromSeconds(ticks / ProcessClock.TicksPerSecond);
}
