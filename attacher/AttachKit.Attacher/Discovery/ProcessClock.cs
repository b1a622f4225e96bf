using System.Globalization;

namespace AttachKit.Attacher.Discovery;

/// <summary>
/// When processes started, from proc(5): stat's starttime counts clock ticks since boot, and
/// /proc/uptime says how long ago boot was. Read the uptime once per listing, so that every process
/// is measured against the same instant.
/// </summary>
internal sealed class ProcessClock
{
    // USER_HZ: the kernel reports times in /proc in units of 1/100 s on every architecture .NET runs
    // on (sysconf(_SC_CLK_TCK) answers 100; the kernel's own HZ does not show here).
    private const double TicksPerSecond = 100;

    private readonly DateTimeOffset _now;
    private readonly double _bootSeconds;

    private ProcessClock(DateTimeOffset now, double bootSeconds)
    {
        _now = now;
        _bootSeconds = bootSeconds;
    }

    /// <summary>The clock as of now.</summary>
    public static ProcessClock Now()
    {
        var now = DateTimeOffset.UtcNow;
        var uptime = File.ReadAllText("/proc/uptime").Split(' ')[0];
        return new ProcessClock(now, double.Parse(uptime, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>How long process <paramref name="procDirectory"/> has run; null if its stat cannot be parsed.</summary>
    /// <exception cref="IOException">The process exited.</exception>
    public TimeSpan? Uptime(string procDirectory)
    {
        // The second field, the command name in parentheses, may hold spaces and parentheses itself:
        // the fields after it start after the last ')'. starttime is field 22, the 20th after it.
        var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return null;
        }

        var seconds = _bootSeconds - (startTicks / TicksPerSecond);
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }

    /// <summary>When a process that has run for <paramref name="uptime"/> started.</summary>
    public DateTimeOffset StartedAfter(TimeSpan uptime) => _now - uptime;
}
