using System.Diagnostics;
using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Inspection;

/// <summary>
/// Reading a process from outside (<c>deadlocks</c>, <c>tasks</c>, <c>threads --locks</c>) loads the
/// target runtime's DAC, code from the target's files. A target run by nobody from a runtime of nobody's
/// own, with a DAC nobody wrote, must not get root's rights or root's terminal; a root target whose
/// runtime nobody could write must not have it loaded at all; and a reader killed mid-read must leave the
/// target running.
/// </summary>
[Trait("Category", "Cli")]
public class OutsideReadingSecurityTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ADacNobodyWroteRunsAsNobodyWithoutATerminalAndTheReadingFails()
    {
        using var runtime = PlantedRuntime.Create(owner: OtherUser.NobodyUid);
        using var target = await TargetApp.StartAsync("plain", [], new TargetOptions { User = "nobody", Environment = runtime.Environment });

        var result = await CliProcess.RunAsync(CliArguments(target.Pid, "deadlocks"), CliLimit);

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        var marker = runtime.Marker();
        Assert.True(marker is not null, $"the planted DAC was not loaded: {result}");
        Assert.Equal($"uid={OtherUser.NobodyUid} euid={OtherUser.NobodyUid} groups=0 tty=no", marker);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task ARootTargetWhoseDacNobodyCouldWriteIsNotLoaded()
    {
        using var runtime = PlantedRuntime.Create(owner: OtherUser.NobodyUid);
        using var target = await TargetApp.StartAsync("plain", [], new TargetOptions { Environment = runtime.Environment });

        var result = await CliProcess.RunAsync(CliArguments(target.Pid, "tasks"), CliLimit);

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        Assert.Contains("another user could have written it", result.Stderr, StringComparison.Ordinal);
        Assert.Null(runtime.Marker());
    }

    [Fact]
    public async Task AReaderKilledWhileTheTargetIsHeldLeavesItRunningAndUntraced()
    {
        using var target = await TargetApp.StartAsync("threads-idle", "count=200");
        string[] commandLine = [.. Artifacts.Cli, .. CliArguments(target.Pid, "threads", "--locks")];
        using var cli = Process.Start(new ProcessStartInfo(commandLine[0], commandLine.Skip(1)) { RedirectStandardOutput = true, RedirectStandardError = true })!;

        var held = WaitUntilTraced(target.Pid, TimeSpan.FromSeconds(30));
        // The attachkit this test started, by its pid; its inspecting child dies with it (PR_SET_PDEATHSIG).
        cli.Kill();
        await cli.WaitForExitAsync();

        Assert.True(held, "the target was never seen held");
        AssertRunsUntraced(target.Pid);
        await target.SendAsync("gc");
        Assert.False(target.HasExited);
    }

    private static string[] CliArguments(int pid, params string[] command) => [pid.ToString(CultureInfo.InvariantCulture), .. command];

    // Polls every thread's TracerPid until one is traced.
    private static bool WaitUntilTraced(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Traced(pid).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertRunsUntraced(int pid)
    {
        var clock = Stopwatch.StartNew();
        List<string> traced;
        while ((traced = Traced(pid)).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        Assert.True(traced.Count == 0, string.Join("; ", traced));
    }

    // Threads stopped ('T', 't') or traced by anyone.
    private static List<string> Traced(int pid)
    {
        var found = new List<string>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var lines = File.ReadAllLines(Path.Combine(task, "status"));
                var state = lines.First(line => line.StartsWith("State:", StringComparison.Ordinal))[6..].Trim();
                var tracer = lines.First(line => line.StartsWith("TracerPid:", StringComparison.Ordinal))[10..].Trim();
                if (state[0] is 'T' or 't' || tracer != "0")
                {
                    found.Add($"thread {Path.GetFileName(task)}: {state}, tracer {tracer}");
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // The thread exited.
            }
        }

        return found;
    }
}
