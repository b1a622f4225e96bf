using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>inspect</c>: reading a live .NET process from outside (<c>attachkit &lt;pid&gt; threads --locks --json</c> and
/// <c>tasks --json</c>, end to end, and the pause each reports) against the route a user has today, a dump
/// (<c>attachkit &lt;pid&gt; heap-dump</c>, its default type: the heap, stacks and runtime data) and ClrMD on the
/// file for the same answers (<see cref="DumpRoute"/>), and against <c>jstack -l</c> (and <c>jattach threaddump
/// -l</c>) on a JVM with as many threads and as large a heap. The app (test target scenario <c>inspect-load</c>) has
/// 100 threads and a 100 MB heap, then 1000 threads and 1 GB; its heartbeat thread measures how long it was held
/// still, whoever held it; the JVM's pauses are its own safepoint log's. The target's RSS before the first and
/// after the last attachkit run. Goals: <c>threads --locks</c> pauses ≤ 200 ms at 100 threads, <c>tasks</c> ≤ 1 s
/// at 1 GB, both ≥ 10× faster end to end than the dump route, RSS growth ≤ 5 MiB.
/// Options after <c>--runs N</c>: <c>--dump-runs N</c> (the dump route's runs, <c>--runs</c> by default: at 1 GB
/// each takes minutes) and <c>--sizes 100x100,1000x1024</c> (threads x heap MB). The CLI measured is
/// ATTACHKIT_CLI when set, else <c>dotnet attachkit.dll</c>.
/// </summary>
internal static class InspectSuite
{
    private const double LocksPauseGoalMs = 200;
    private const double TasksPauseGoalMs = 1000;
    private const double SpeedupGoal = 10;
    private const double RssGrowthGoalMiB = 5;

    // Long enough for the target to finish settling after "ready" (its last collection, the heartbeat's start).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    // A dump of a big process takes minutes on 2 cores: the agent's deadline and the CLI's patience are raised.
    private const string DeadlineSeconds = "1800";

    private static bool _clrmdWarm;
    private static int _heartbeats;

    public static async Task RunAsync(int runs)
    {
        var dumpRuns = IntOption("--dump-runs") ?? runs;
        foreach (var (threads, heapMegabytes) in Sizes())
        {
            await RunAsync(threads, heapMegabytes, runs, dumpRuns);
        }
    }

    private static async Task RunAsync(int threads, int heapMegabytes, int runs, int dumpRuns)
    {
        var app = string.Create(CultureInfo.InvariantCulture, $"{threads} threads, {heapMegabytes} MB");
        var locks = new Samples($"attachkit threads --locks, end to end ({app})");
        var locksPaused = new Samples("  its pausedMilliseconds");
        var locksGap = new Samples("  target's heartbeat: longest gap");
        var tasks = new Samples($"attachkit tasks, end to end ({app})");
        var tasksPaused = new Samples("  its pausedMilliseconds");
        var tasksGap = new Samples("  target's heartbeat: longest gap");
        var dump = new Samples($"dump route: attachkit heap-dump ({app})");
        var dumpGap = new Samples("  target's heartbeat: longest gap");
        var dumpMiB = new Samples("  dump size", "MiB");
        var dumpLocks = new Samples("  ClrMD on the file: sync blocks, stacks, waiters");
        var dumpTasks = new Samples("  ClrMD on the file: heap walk, async chains");
        var routeLocks = new Samples("dump route for threads --locks (dump + ClrMD)");
        var routeTasks = new Samples("dump route for tasks (dump + ClrMD)");
        var jstack = new Samples($"jstack -l, end to end ({threads} JVM threads, {heapMegabytes} MB)");
        var jstackPaused = new Samples("  JVM safepoints");
        var jattach = new Samples("jattach threaddump -l, end to end");
        var jattachPaused = new Samples("  JVM safepoints");
        string? attachkitMissing = null;
        TargetFacts before, after;

        using (var target = await TargetApp.StartAsync("inspect-load", [$"threads={threads}", $"heap={heapMegabytes}", $"timeout={DeadlineSeconds}"], new TargetOptions()))
        {
            Console.WriteLine(target.Output.Split('\n').First(line => line.StartsWith("inspect-load ", StringComparison.Ordinal)).Trim());
            await Task.Delay(Settle);
            before = TargetFacts.Of(target.Pid);

            // AttachKit, the two commands interleaved run by run.
            for (var run = 0; run < runs && attachkitMissing is null; run++)
            {
                attachkitMissing = await InspectAsync(target, run == 0, locks, locksPaused, locksGap, "threads", "--locks")
                    ?? await InspectAsync(target, run == 0, tasks, tasksPaused, tasksGap, "tasks");
            }

            after = TargetFacts.Of(target.Pid);

            // The dump route: one dump per run, each analysis opening it anew.
            var directory = Directory.CreateTempSubdirectory("attachkit-bench-dump-").FullName;
            try
            {
                for (var run = 0; run < dumpRuns; run++)
                {
                    var file = Path.Combine(directory, "app.dmp");
                    await Heartbeat(target);
                    var dumped = await TimedAsync(() => Programs.RunAsync(
                        Artifacts.Cli[0], [.. Artifacts.Cli.Skip(1), Pid(target.Pid), "heap-dump", "-o", file, "--reply-timeout", DeadlineSeconds]));
                    dump.Add(dumped);
                    dumpGap.Add(await Heartbeat(target));
                    dumpMiB.Add(new FileInfo(file).Length / 1048576.0);
                    if (!_clrmdWarm)
                    {
                        DumpRoute.Locks(file);
                        DumpRoute.Tasks(file);
                        _clrmdWarm = true;
                    }

                    var (lockFacts, lockMs) = Timed(() => DumpRoute.Locks(file));
                    var (taskFacts, taskMs) = Timed(() => DumpRoute.Tasks(file));
                    dumpLocks.Add(lockMs);
                    dumpTasks.Add(taskMs);
                    routeLocks.Add(dumped + lockMs);
                    routeTasks.Add(dumped + taskMs);
                    File.Delete(file);
                    if (run == 0)
                    {
                        Console.WriteLine($"dump route found: {lockFacts.HeldMonitors} monitors held, {lockFacts.Waiting} threads waiting for one, {lockFacts.Threads} threads, {lockFacts.Frames} frames ({lockFacts.Characters} characters of text); {taskFacts.Boxes} async state machine boxes in {taskFacts.Chains} chains among {taskFacts.Objects} objects");
                    }
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        using (var jvm = JvmLoad.Start(threads, heapMegabytes))
        {
            Console.WriteLine(jvm.Output.Split('\n').First(line => line.StartsWith("inspect-load ", StringComparison.Ordinal)).Trim() + " (JVM)");
            var pid = Pid(jvm.Pid);
            await Programs.RunAsync("jattach", pid, "threaddump", "-l"); // starts the JVM's attach listener
            await Programs.RunAsync("jstack", "-l", pid);
            for (var run = 0; run < runs; run++)
            {
                await JvmDumpAsync(jvm, jstack, jstackPaused, "jstack", "-l", pid);
                await JvmDumpAsync(jvm, jattach, jattachPaused, "jattach", pid, "threaddump", "-l");
            }
        }

        Report.Print(
            $"inspect: {app} (.NET) / {threads} threads, {heapMegabytes} MB (JVM)",
            [locks, locksPaused, locksGap, tasks, tasksPaused, tasksGap, dump, dumpGap, dumpMiB, dumpLocks, dumpTasks, routeLocks, routeTasks, jstack, jstackPaused, jattach, jattachPaused],
            attachkitMissing is null
                ?
                [
                    ("dump route / attachkit threads --locks", routeLocks, locks),
                    ("dump route / attachkit tasks", routeTasks, tasks),
                    ("attachkit threads --locks / jstack -l", locks, jstack),
                    ("attachkit threads --locks / jattach threaddump -l", locks, jattach),
                    ("threads --locks paused / jstack -l safepoints", locksPaused, jstackPaused),
                    ("dump's heartbeat gap / threads --locks paused", dumpGap, locksPaused),
                    ("dump's heartbeat gap / tasks paused", dumpGap, tasksPaused),
                ]
                : []);
        Console.WriteLine(before.Row("target before the first attachkit run"));
        Console.WriteLine(after.Row($"after the last ({runs} x 2 runs)"));
        if (attachkitMissing is not null)
        {
            Console.WriteLine($"attachkit's inspection was not measured: {attachkitMissing}");
            return;
        }

        var growth = (after.RssBytes - before.RssBytes) / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target RSS growth: {growth:+0.0;-0.0} MiB"));
        if (threads == 100)
        {
            Goal($"threads --locks pauses the target <= {LocksPauseGoalMs} ms at 100 threads (median pausedMilliseconds)", locksPaused.Median <= LocksPauseGoalMs, $"{locksPaused.Median:0.0} ms");
        }

        if (heapMegabytes >= 1024)
        {
            Goal($"tasks pauses the target <= {TasksPauseGoalMs} ms at 1 GB (median pausedMilliseconds)", tasksPaused.Median <= TasksPauseGoalMs, $"{tasksPaused.Median:0.0} ms");
        }

        Goal($"threads --locks >= {SpeedupGoal}x faster end to end than the dump route", routeLocks.Median / locks.Median >= SpeedupGoal, $"{routeLocks.Median / locks.Median:0.0}x");
        Goal($"tasks >= {SpeedupGoal}x faster end to end than the dump route", routeTasks.Median / tasks.Median >= SpeedupGoal, $"{routeTasks.Median / tasks.Median:0.0}x");
        Goal($"target RSS growth <= {RssGrowthGoalMiB} MiB over all attachkit runs", growth <= RssGrowthGoalMiB, $"{growth:0.0} MiB");
    }

    private static void Goal(string goal, bool met, string measured)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"goal: {goal}: {measured}: {(met ? "met" : "NOT met")}"));

    // One attachkit command, timed from the CLI's start to its exit; null when it worked, else why not (the CLI
    // measured has no such command: the suite goes on with the rest).
    private static async Task<string?> InspectAsync(TargetApp target, bool first, Samples elapsed, Samples paused, Samples gap, params string[] command)
    {
        await Heartbeat(target);
        var started = Stopwatch.GetTimestamp();
        var result = await CliProcess.RunAsync([Pid(target.Pid), .. command, "--json"], TimeSpan.FromMinutes(5));
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var heartbeat = await Heartbeat(target);
        if (result.ExitCode != 0 && first)
        {
            return $"attachkit {string.Join(' ', command)} exited {result.ExitCode}: {result.Stderr.Trim()}{result.Stdout.Trim()}";
        }

        using var json = result.ExitCode == 0 ? JsonDocument.Parse(result.Stdout) : throw new InvalidOperationException($"attachkit {string.Join(' ', command)}: {result}");
        elapsed.Add(milliseconds);
        paused.Add(json.RootElement.GetProperty("pausedMilliseconds").GetDouble());
        gap.Add(heartbeat);
        if (first)
        {
            // What it found, for the record beside the dump route's findings.
            var scalars = json.RootElement.EnumerateObject()
                .Select(field => field.Value.ValueKind switch
                {
                    JsonValueKind.Array => $"{field.Name}: [{field.Value.GetArrayLength()}]",
                    JsonValueKind.Object => $"{field.Name}: {{…}}",
                    _ => $"{field.Name}: {field.Value.GetRawText()}",
                });
            Console.WriteLine($"attachkit {string.Join(' ', command)} found: {string.Join(", ", scalars)} ({result.Stdout.Length} characters)");
        }

        return null;
    }

    private static async Task JvmDumpAsync(JvmLoad jvm, Samples elapsed, Samples paused, string program, params string[] arguments)
    {
        var mark = jvm.Mark;
        elapsed.Add(await TimedAsync(() => Programs.RunAsync(program, arguments)));
        await Task.Delay(100); // the safepoint log's last lines, read asynchronously
        paused.Add(jvm.SafepointsSince(mark));
    }

    // The longest gap between the target's heartbeats since the previous call, in milliseconds.
    private static async Task<double> Heartbeat(TargetApp target)
    {
        var tag = string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Increment(ref _heartbeats)}.");
        await target.SendAsync($"heartbeat {tag}");
        var line = target.Output.Split('\n').Last(line => line.StartsWith($"heartbeat {tag} ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf('=') + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<double> TimedAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static (T Result, double Milliseconds) Timed<T>(Func<T> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = action();
        return (result, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(int Threads, int HeapMegabytes)> Sizes()
        => (StringOption("--sizes") ?? "100x100,1000x1024").Split(',')
            .Select(size => size.Split('x'))
            .Select(size => (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture)));

    private static string? StringOption(string name)
        => Environment.GetCommandLineArgs().SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();

    private static int? IntOption(string name)
        => StringOption(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
