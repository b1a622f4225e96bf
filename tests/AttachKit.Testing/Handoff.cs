using System.Globalization;
using System.Text.RegularExpressions;

namespace AttachKit.Testing;

/// <summary>What one zero-downtime handoff did to a load running across it.</summary>
public sealed record HandoffResult(
    long Requests,
    long Failures,
    TimeSpan Duration,
    long ServedByOld,
    long ServedByNew,
    int OldExitCode,
    int CliExitCode,
    IReadOnlyList<string> FailureSamples,
    string Output)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Requests} requests in {Duration.TotalSeconds:0.0} s ({RequestsPerSecond:0} /s), {Failures} failed, old served {ServedByOld}, new served {ServedByNew}; old exit {OldExitCode}, attachkit exit {CliExitCode}\n{string.Join('\n', FailureSamples)}\n{Output}");
}

/// <summary>
/// The upgrade recipe, run for real under load: the handoff sample serves 127.0.0.1 while a
/// <see cref="LoopbackLoad"/> runs; <c>attachkit &lt;old&gt; fd-export --listeners --exec -- &lt;new&gt;</c>
/// starts a new server on the same listening socket; SIGTERM drains the old one; the load goes on
/// until <c>duration</c> has passed; then the new server is stopped too.
/// </summary>
public static partial class Handoff
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HandoffResult> RunAsync(TimeSpan duration, int clients = 4)
    {
        using var old = await TargetApp.StartAsync("handoff", [], new TargetOptions { Program = Artifacts.SampleHandoff }, readyMarker: "serving ");
        var port = int.Parse(Serving().Match(old.Output).Groups["port"].Value, CultureInfo.InvariantCulture);
        var load = LoopbackLoad.Start(port, clients);
        RunningProcess? cli = null;
        int? newPid = null;
        try
        {
            await Task.Delay(duration / 5);
            cli = RunningProcess.Start([.. Artifacts.Cli, old.Pid.ToString(CultureInfo.InvariantCulture), "fd-export", "--listeners", "--exec", "--", "dotnet", Artifacts.SampleHandoff]);
            var started = await cli.WaitForLineAsync("serving ", StepTimeout);
            newPid = int.Parse(Serving().Match(started).Groups["pid"].Value, CultureInfo.InvariantCulture);

            // Both accept for a while, then the old one drains and exits.
            await Task.Delay(duration / 5);
            old.Signal("TERM");
            if (!old.WaitForExit(StepTimeout))
            {
                throw new TimeoutException($"the old server did not exit after SIGTERM:\n{old.Output}");
            }

            // A timer may fire a little before the stopwatch agrees, so wait until it does.
            for (var left = duration - load.Elapsed; left > TimeSpan.Zero; left = duration - load.Elapsed)
            {
                await Task.Delay(left + TimeSpan.FromMilliseconds(1));
            }

            load.Stop();
            RunningProcess.SignalPid("TERM", newPid.Value);
            var cliExit = await cli.WaitForExitAsync(StepTimeout);
            newPid = null;
            return new HandoffResult(
                load.Requests,
                load.Failures,
                load.Elapsed,
                load.ServedBy.GetValueOrDefault(old.Pid),
                load.ServedBy.Where(served => served.Key != old.Pid).Sum(served => served.Value),
                old.ExitCode,
                cliExit,
                load.FailureSamples.ToList(),
                $"--- old server\n{old.Output}{old.Log}\n--- attachkit and new server\n{cli.Output}");
        }
        finally
        {
            load.Stop();
            if (newPid is { } orphan)
            {
                RunningProcess.SignalPid("KILL", orphan);
            }

            cli?.Dispose();
        }
    }

    [GeneratedRegex(@"pid (?<pid>\d+) serving 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Serving();
}
