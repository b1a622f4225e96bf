using System.Diagnostics;
using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

/// <summary>Clients that stop reading or vanish in the middle of a dump: the target must not notice.</summary>
[Trait("Category", "Cli")]
public class ThreadsClientFailureTests
{
    // Enough JIT-compiled methods that the capture (≈ 4 MB) cannot fit in the socket's buffers.
    private static readonly string[] BigApp = ["threads=10", "methods=20000"];

    [Fact]
    public async Task AClientStoppedMidDumpLeavesTheTargetResponsiveAndTheNextDumpWorks()
    {
        using var target = await TargetApp.StartAsync("threads-big", BigApp);
        using var stopped = await StartDumpAndCatchItMidwayAsync(target);
        stopped.Signal("STOP");
        await Task.Delay(TimeSpan.FromSeconds(5));

        var started = Stopwatch.GetTimestamp();
        var version = await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3), $"version took {Stopwatch.GetElapsedTime(started)}");
        var second = await ThreadDumpCli.JsonAsync(target);
        Assert.Contains(second.Threads(), thread => thread.GetProperty("name").GetString() == "blocked-0");
    }

    [Fact]
    public async Task AClientKilledMidDumpEndsTheDumpAndLeavesNoThreadBehind()
    {
        using var target = await TargetApp.StartAsync("threads-big", BigApp);
        using (var killed = await StartDumpAndCatchItMidwayAsync(target))
        {
            killed.Signal("KILL");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (target.Threads().Values.Any(IsDumpThread) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(target.Threads().Values, IsDumpThread);
        // The audit line says the dump failed (stderr arrives asynchronously: give it a moment).
        while (!target.Log.Contains("threads -> ", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains("threads -> 7 the client stopped reading the reply of 'threads': ", target.Log, StringComparison.Ordinal);
        var next = await ThreadDumpCli.JsonAsync(target);
        Assert.Contains(next.Threads(), thread => thread.GetProperty("name").GetString() == "blocked-9");
    }

    // The agent's threads for one attach: the session and command workers (idle ones exit after 5 s)
    // and the dump's copying and stopping threads.
    private static bool IsDumpThread(string name) => name is "attach-session" or "attach-command" or "attach-trace" or "attach-endtrace";

    // Starts a dump and returns once the agent captures it (its copying thread exists).
    private static async Task<RunningCli> StartDumpAndCatchItMidwayAsync(TargetApp target)
    {
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var cli = RunningCli.Start([target.Pid.ToString(CultureInfo.InvariantCulture), "threads"], ThreadDumpCli.Environment(target));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        // A tight poll on a thread of its own: the command lives for a few hundred milliseconds only.
        await Task.Factory.StartNew(
            () =>
            {
                while (!target.Threads().Values.Any(name => name == "attach-trace"))
                {
                    Assert.True(DateTime.UtcNow < deadline && !cli.HasExited, $"the dump never started; {cli.Describe()}");
                    Thread.Sleep(1);
                }
            },
            TaskCreationOptions.LongRunning);

        return cli;
    }

    private sealed class RunningCli : IDisposable
    {
        private readonly Process _process;

        private RunningCli(Process process) => _process = process;

        public static RunningCli Start(IReadOnlyList<string> arguments, IDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo(Artifacts.Cli[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            foreach (var argument in Artifacts.Cli.Skip(1).Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            return new RunningCli(Process.Start(start)!);
        }

        public bool HasExited => _process.HasExited;

        public string Describe() => _process.HasExited
            ? $"the CLI exited with {_process.ExitCode}: {_process.StandardError.ReadToEnd()}"
            : "the CLI still runs";

        public void Signal(string signal)
        {
            using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
