using System.Globalization;
using AttachKit.Attacher;
using AttachKit.Attacher.Threads;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>threads</c>: thread dumps of a .NET app with 100 and 1000 blocked threads and 20k JIT-compiled
/// methods, by the attachkit CLI end to end (cold: the first dump of a fresh process; warm, with and
/// without the method cache), by the library in-process, and by the dotnet-stack method (EventPipe from
/// this process + TraceLog); jstack and jattach on a JVM with as many threads; the target's RSS over 50
/// dumps. The CLI measured is ATTACHKIT_CLI when set (e.g. a ReadyToRun or native build), else
/// <c>dotnet attachkit.dll</c>.
/// </summary>
internal static class ThreadsSuite
{
    private const int Methods = 20_000;
    private const int DumpsForMemory = 50;

    public static async Task RunAsync(int runs)
    {
        foreach (var threads in new[] { 100, 1000 })
        {
            await RunAsync(threads, runs);
        }
    }

    private static async Task RunAsync(int threads, int runs)
    {
        var app = $"{threads} threads, {Methods / 1000}k methods";
        var cold = new Samples($"attachkit threads, cold ({app})");
        var warm = new Samples($"attachkit threads, warm ({app})");
        var warmFull = new Samples($"attachkit threads --no-method-cache, warm ({app})");
        var library = new Samples($"AttachKit library in-process ({app})");
        var dotnetStack = new Samples($"dotnet-stack method in-process ({app})");
        var jstack = new Samples($"jstack ({threads} JVM threads)");
        var jattach = new Samples($"jattach threaddump ({threads} JVM threads)");
        string[] scenario = [$"threads={threads}", $"methods={Methods}"];

        for (var run = 0; run < runs; run++)
        {
            using var fresh = await TargetApp.StartAsync("threads-big", scenario);
            await cold.TimeAsync(() => CliDumpAsync(fresh.Pid));
        }

        using var target = await TargetApp.StartAsync("threads-big", scenario);
        var client = new AttachClient();
        var options = new ThreadDumpOptions { MethodCacheDirectory = Path.Combine(CacheHome, "attachkit") };
        await CliDumpAsync(target.Pid);
        await client.DumpThreadsAsync(target.Pid, options); // JIT-warms this process's parser
        for (var run = 0; run < runs; run++)
        {
            await warm.TimeAsync(() => CliDumpAsync(target.Pid));
            await warmFull.TimeAsync(() => CliDumpAsync(target.Pid, "--no-method-cache"));
            await library.TimeAsync(() => client.DumpThreadsAsync(target.Pid, options));
        }

        // The target's memory: a fresh process dumped 50 times as a user would (the CLI, defaults).
        Memory before, after;
        using (var fresh = await TargetApp.StartAsync("threads-big", scenario))
        {
            before = Memory.Of(fresh.Pid);
            for (var dump = 0; dump < DumpsForMemory; dump++)
            {
                await CliDumpAsync(fresh.Pid);
            }

            after = Memory.Of(fresh.Pid);
        }

        await DotnetStackMethod.ReportAsync(target.Pid, TextWriter.Null); // JIT-warms TraceLog
        for (var run = 0; run < runs; run++)
        {
            await dotnetStack.TimeAsync(() => DotnetStackMethod.ReportAsync(target.Pid, TextWriter.Null));
        }

        using (var jvm = JvmTarget.Start(threads))
        {
            var pid = jvm.Pid.ToString(CultureInfo.InvariantCulture);
            await Programs.RunAsync("jattach", pid, "threaddump"); // starts the JVM's attach listener
            await Programs.RunAsync("jstack", pid);
            for (var run = 0; run < runs; run++)
            {
                await jstack.TimeAsync(() => Programs.RunAsync("jstack", pid));
                await jattach.TimeAsync(() => Programs.RunAsync("jattach", pid, "threaddump"));
            }
        }

        Report.Print(
            $"threads: {app} (.NET) / {threads} threads (JVM)",
            [cold, warm, warmFull, library, dotnetStack, jstack, jattach],
            [
                ("attachkit warm / jstack", warm, jstack),
                ("attachkit warm --no-method-cache / jstack", warmFull, jstack),
                ("attachkit warm / jattach threaddump", warm, jattach),
                ("attachkit warm (CLI) / dotnet-stack method", warm, dotnetStack),
                ("attachkit cold (CLI) / dotnet-stack method", cold, dotnetStack),
                ("AttachKit library / dotnet-stack method", library, dotnetStack),
            ]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"target RSS: {before.RssMb:0.0} MB before, {after.RssMb:0.0} MB after {DumpsForMemory} dumps (+{after.RssMb - before.RssMb:0.0} MB); peak {after.PeakMb:0.0} MB (+{after.PeakMb - before.RssMb:0.0} MB)"));
    }

    // The CLI and the library keep their method maps here, not in the user's cache.
    private static string CacheHome { get; } = Directory.CreateTempSubdirectory("attachkit-bench-").FullName;

    private static async Task CliDumpAsync(int pid, params string[] options)
    {
        var result = await CliProcess.RunAsync(
            [pid.ToString(CultureInfo.InvariantCulture), "threads", .. options],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = CacheHome });
        if (result.ExitCode != 0 || !result.Stdout.Contains("\"blocked-0\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the dump failed: {result}");
        }
    }

    private readonly record struct Memory(double RssMb, double PeakMb)
    {
        // VmRSS and VmHWM of /proc/<pid>/status (proc(5)), in kB.
        public static Memory Of(int pid)
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            double Field(string name) => double.Parse(status.Single(line => line.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            return new Memory(Field("VmRSS:"), Field("VmHWM:"));
        }
    }
}
