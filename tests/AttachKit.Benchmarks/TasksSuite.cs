using System.Diagnostics;
using System.Globalization;
using AttachKit.Attacher.Inspection.Tasks;
using AttachKit.Testing;
using Microsoft.Diagnostics.Runtime;
using Mono.Unix.Native;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>tasks</c>: how long reading a process's pending async work keeps it paused, on the test target with 1000
/// pending chains (AsyncScenarios.Pending) and then with 1 GB more of live objects (<c>heap 1024</c>): the whole
/// pause (stop, open the runtime, <see cref="TaskInspector.Inspect"/>, resume) and Inspect alone, the first time
/// in this process (its code not yet compiled, as in a fresh CLI) and after; ClrMD's own enumeration of the same
/// heap beside it, the anchor; and the target's RSS over the inspections.
/// </summary>
internal static class TasksSuite
{
    public static async Task RunAsync(int runs)
    {
        using var target = await TargetApp.StartAsync("tasks-big");
        await MeasureAsync(target, "1000 pending chains, small heap", runs, firstInProcess: true);
        await target.SendAsync("heap 1024", TimeSpan.FromMinutes(10));
        await MeasureAsync(target, "1000 pending chains, 1 GB heap", runs, firstInProcess: false);
    }

    private static Task MeasureAsync(TargetApp target, string app, int runs, bool firstInProcess)
    {
        var pause = new Samples($"pause: stop, open, inspect, resume ({app})");
        var inspect = new Samples($"TaskInspector.Inspect ({app})");
        var clrmd = new Samples($"ClrMD EnumerateObjects, whole heap ({app})");
        var rssBefore = RssMb(target.Pid);
        PendingTasksReport? report = null;
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var paused = Paused.Open(target.Pid))
            {
                report = TaskInspector.Inspect(paused.Runtime, CancellationToken.None);
            }

            pause.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            inspect.Add(report.Heap.Elapsed.TotalMilliseconds);
            if (run == 0 && firstInProcess)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first in this process: pause {pause.Median:0} ms, Inspect {inspect.Median:0} ms"));
            }
        }

        for (var run = 0; run < Math.Min(runs, 5); run++)
        {
            using var paused = Paused.Open(target.Pid);
            var started = Stopwatch.GetTimestamp();
            _ = paused.Runtime.Heap.EnumerateObjects().LongCount();
            clrmd.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var heap = report!.Heap;
        Report.Print($"tasks: {app}", [pause, inspect, clrmd], [("Inspect / ClrMD enumeration", inspect, clrmd)]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"heap: {heap.Objects:N0} objects in {heap.BytesWalked >> 20} MB walked, {heap.BytesSkipped >> 20} MB of large objects not; {report.ChainCount} chains in {report.Groups.Count} groups; target RSS {rssBefore:0} MB before, {RssMb(target.Pid):0} MB after"));
        return Task.CompletedTask;
    }

    private static double RssMb(int pid)
        => double.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(line => line.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    // The target opened as the tests open it (tests/AttachKit.Attacher.Inspection.Tests, PausedRuntime): stopped
    // with SIGSTOP, since it is this process's child, and read with its own DAC. A stand-in for the CLI's way.
    private sealed class Paused(int pid, DataTarget target, ClrRuntime runtime) : IDisposable
    {
        public ClrRuntime Runtime { get; } = runtime;

        public static Paused Open(int pid)
        {
            var coreclr = File.ReadLines($"/proc/{pid}/maps").Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                .First(fields => fields.Length == 6 && fields[5].EndsWith("/libcoreclr.so", StringComparison.Ordinal))[5];
            var dac = $"/proc/{pid}/root" + Path.Combine(Path.GetDirectoryName(coreclr)!, "libmscordaccore.so");
            Syscall.kill(pid, Signum.SIGSTOP);
            while (!Directory.EnumerateDirectories($"/proc/{pid}/task").All(Stopped))
            {
                Thread.Sleep(1);
            }

            var target = DataTarget.AttachToProcess(pid, suspend: false);
            return new Paused(pid, target, target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true));
        }

        public void Dispose()
        {
            Runtime.Dispose();
            target.Dispose();
            Syscall.kill(pid, Signum.SIGCONT);
        }

        private static bool Stopped(string task)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[stat.LastIndexOf(')') + 2] is 'T' or 't';
            }
            catch (IOException)
            {
                return true;
            }
        }
    }
}
