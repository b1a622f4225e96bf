using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

internal static class Targets
{
    public static string Text(this TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Threads, descriptors and resident memory of a process, from /proc.</summary>
    public static (int Threads, int Descriptors, long RssKiB) Footprint(int pid)
    {
        var rss = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return (
            Directory.GetDirectories($"/proc/{pid}/task").Length,
            Directory.GetFiles($"/proc/{pid}/fd").Length,
            long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Waits for the target's thread and descriptor counts to settle back to a level (short-lived threads end).</summary>
    public static async Task<(int Threads, int Descriptors, long RssKiB)> SettledFootprintAsync(int pid, (int Threads, int Descriptors, long RssKiB) expected)
    {
        var now = Footprint(pid);
        for (var i = 0; i < 100 && (now.Threads != expected.Threads || now.Descriptors != expected.Descriptors); i++)
        {
            await Task.Delay(100);
            now = Footprint(pid);
        }

        return now;
    }
}
