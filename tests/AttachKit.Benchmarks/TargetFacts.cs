using System.Globalization;

namespace AttachKit.Benchmarks;

/// <summary>What a target process uses, read from /proc/&lt;pid&gt; (proc(5)): RSS (and its anonymous part: heap, stacks, JIT code, as opposed to mapped files), descriptors, threads, CPU time.</summary>
internal sealed record TargetFacts(long RssBytes, long AnonymousBytes, int Descriptors, int Threads, TimeSpan CpuTime)
{
    // USER_HZ: utime and stime in /proc/<pid>/stat count 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    public static TargetFacts Of(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(
            status.First(line => line.StartsWith(name + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);

        // Fields after the command name, which is in parentheses and may hold spaces.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new TargetFacts(
            Field("VmRSS") * 1024,
            Field("RssAnon") * 1024,
            Directory.GetFiles($"/proc/{pid}/fd").Length,
            (int)Field("Threads"),
            TimeSpan.FromSeconds(ticks / TicksPerSecond));
    }

    public string Row(string label) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label,-34} RSS {RssBytes / 1048576.0,6:0.0} MiB (anonymous {AnonymousBytes / 1048576.0,5:0.0})   fds {Descriptors,4}   threads {Threads,3}   CPU {CpuTime.TotalMilliseconds,6:0} ms");
}
