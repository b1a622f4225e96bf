using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

internal static class Targets
{
    public static string Text(this TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Threads, descriptors and resident memory of a process, from /proc. Threads the runtime starts
    /// and ends on its own schedule (tiered compilation, the thread pool) are not counted, nor the
    /// descriptors of loaded assemblies (a first use of some code path loads one, once for good).
    /// </summary>
    public static (int Threads, int Descriptors, long RssKiB) Footprint(int pid)
    {
        var rss = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var threads = RuntimeThreads.NamesOf(pid).Count(name => !RuntimeThreads.ComeAndGo(name));
        return (
            threads,
            DescriptorTargets(pid).Count(target => !target.EndsWith(".dll", StringComparison.Ordinal)),
            long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Each open descriptor as "number → what it refers to".</summary>
    public static IReadOnlyList<string> DescriptorTargets(int pid) => Directory.GetFiles($"/proc/{pid}/fd")
        .Select(fd => $"{Path.GetFileName(fd)} → {new FileInfo(fd).LinkTarget}")
        .ToList();

    /// <summary>Waits until the agent's idle threads have ended (they do after 5 s idle), collects garbage, then measures.</summary>
    public static async Task<(int Threads, int Descriptors, long RssKiB)> IdleFootprintAsync(TargetApp target)
    {
        await target.CollectGarbageAsync();
        for (var i = 0; i < 150 && target.ThreadNames().Any(name => name is "attach-session" or "attach-command"); i++)
        {
            await Task.Delay(100);
        }

        return Footprint(target.Pid);
    }
}
