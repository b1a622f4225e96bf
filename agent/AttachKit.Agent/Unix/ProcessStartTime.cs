using System.Globalization;

namespace AttachKit.Agent.Unix;

/// <summary>
/// When this process started, the way <see cref="System.Diagnostics.Process.StartTime"/> finds it on
/// Linux, without it: Process loads two assemblies into the process and builds a snapshot for this
/// (measured: most of the ≈ 4 ms the first <c>version</c> request spent reading facts). proc(5): field 22
/// of /proc/self/stat, starttime, counts clock ticks since boot; /proc/uptime starts with the seconds since boot.
/// </summary>
internal static class ProcessStartTime
{
    private const int StartTimeField = 22;

    /// <param name="stat">This process's /proc/self/stat, read by the caller (who names the process from it too).</param>
    public static DateTimeOffset Current(string stat)
        => Of(stat, File.ReadAllText("/proc/uptime"), Libc.Sysconf(Libc.ScClockTicks), DateTimeOffset.UtcNow);

    /// <param name="stat">The text of /proc/&lt;pid&gt;/stat: <c>pid (comm) state …</c>.</param>
    /// <param name="uptime">The text of /proc/uptime: <c>seconds-since-boot idle-seconds</c>.</param>
    /// <param name="ticksPerSecond">sysconf(_SC_CLK_TCK), the unit of starttime.</param>
    /// <param name="now">The time <paramref name="uptime"/> was read.</param>
    public static DateTimeOffset Of(string stat, string uptime, long ticksPerSecond, DateTimeOffset now)
    {
        // comm (field 2) may hold spaces and parentheses itself: field 3 starts two past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var startTicks = long.Parse(fields[StartTimeField - 3], CultureInfo.InvariantCulture);
        var sinceBoot = double.Parse(uptime.AsSpan(0, uptime.IndexOf(' ')), CultureInfo.InvariantCulture);
        return now - TimeSpan.FromSeconds(sinceBoot) + TimeSpan.FromSeconds((double)startTicks / ticksPerSecond);
    }
}
