using System.Globalization;

namespace AttachKit.Linux.Processes;

/// <summary>
/// When processes started, from proc(5): field 22 of /proc/&lt;pid&gt;/stat, starttime, counts clock ticks
/// since boot, and /proc/uptime says how long ago boot was. Read the uptime once per listing, so that
/// every process is measured against the same instant. Not System.Diagnostics.Process, which builds a
/// snapshot of the whole process (every thread's stat) to say when it started.
/// </summary>
internal sealed class ProcessClock
{
    // USER_HZ: the kernel reports times in /proc in units of 1/100 s on every architecture .NET runs on
    // (sysconf(_SC_CLK_TCK) answers 100 whatever the kernel's own HZ).
    public const double TicksPerSecond = 100;

    private const int StartTimeField = 22;

    private readonly DateTimeOffset _now;
    private readonly double _bootSeconds;

    private ProcessClock(DateTimeOffset now, double bootSeconds)
    {
        _now = now;
        _bootSeconds = bootSeconds;
    }

    /// <summary>The clock as of now.</summary>
    public static ProcessClock Now() => At(File.ReadAllText("/proc/uptime"), DateTimeOffset.UtcNow);

    /// <summary>The clock given /proc/uptime's text (<c>seconds-since-boot idle-seconds</c>) read at <paramref name="now"/>.</summary>
    public static ProcessClock At(string uptime, DateTimeOffset now)
        => new(now, double.Parse(uptime.AsSpan(0, uptime.IndexOf(' ')), NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>When this process started.</summary>
    public static DateTimeOffset ThisProcessStarted(string stat) => Now().StartedAt(stat) ?? throw new InvalidDataException("/proc/self/stat has no start time");

    /// <summary>
    /// starttime, in clock ticks since boot, from a stat text <c>pid (comm) state …</c>; null if it cannot be
    /// parsed. The comm may hold spaces and parentheses itself: the fields after it start after the last ')'.
    /// With the pid, it names one process for good (a reused pid gets another start time).
    /// </summary>
    public static long? StartTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = StartTimeField - 3;
        return fields.Length > at && long.TryParse(fields[at], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>The start ticks of process <paramref name="pid"/>; null when it is gone or unreadable.</summary>
    public static long? StartTicksOf(int pid)
    {
        try
        {
            return StartTicks(File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>When the process whose stat text this is started; null if it cannot be parsed.</summary>
    public DateTimeOffset? StartedAt(string stat)
        => StartTicks(stat) is { } ticks ? _now - TimeSpan.FromSeconds(_bootSeconds) + TimeSpan.FromSeconds(ticks / TicksPerSecond) : null;

    /// <summary>How long process <paramref name="procDirectory"/> has run; null if its stat cannot be parsed.</summary>
    /// <exception cref="IOException">The process exited.</exception>
    public TimeSpan? Uptime(string procDirectory)
        => StartTicks(File.ReadAllText(Path.Combine(procDirectory, "stat"))) is { } ticks
            ? TimeSpan.FromSeconds(Math.Max(0, _bootSeconds - (ticks / TicksPerSecond)))
            : null;

    /// <summary>When a process that has run for <paramref name="uptime"/> started.</summary>
    public DateTimeOffset StartedAfter(TimeSpan uptime) => _now - uptime;
}
