using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// A pid that is a host, not the app: <c>dotnet run</c>, whose child runs the sample, or a shell that
/// waits for it. The error names the app's pid instead of suggesting --force, which would kill the host.
/// </summary>
[Trait("Category", "Cli")]
public class HostProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AttachingToDotnetRunNamesItsChildThatHasTheAgentAndSignalsNeither()
    {
        using var scratch = ScratchDirectory.Create();
        var project = Path.Combine(Artifacts.RepositoryRoot(), "samples", "AttachKit.Samples.Worker");
        using var host = RunningProcess.Start(["dotnet", "run", "--project", project, "-c", Configuration, "--no-build"], Environment(scratch));
        var app = await AppPidAsync(host);
        try
        {
            var result = await CliProcess.RunAsync(Pid(host.Pid), "help");

            Assert.Equal(ExitCodes.NoAgent, result.ExitCode);
            Assert.Contains($"process {host.Pid} is `dotnet run`; its child {app} (AttachKit.Samples.Worker) has the AttachKit agent: attach to {app}", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(scratch.AttachEntries());
            Assert.True(Directory.Exists($"/proc/{host.Pid}") && Directory.Exists($"/proc/{app}"));
        }
        finally
        {
            RunningProcess.SignalPid("TERM", app);
            await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task AShellThatWaitsForAShellThatRunsTheAppNamesItsGrandchild()
    {
        using var scratch = ScratchDirectory.Create();
        // Neither shell execs its command: a command follows it.
        using var host = RunningProcess.Start(["sh", "-c", "sh -c 'dotnet \"$0\"; exit $?' \"$0\"; exit $?", Artifacts.SampleWorker], Environment(scratch));
        var app = await AppPidAsync(host);
        try
        {
            var result = await CliProcess.RunAsync(Pid(host.Pid), "version");

            Assert.Equal(ExitCodes.NoAgent, result.ExitCode);
            Assert.Contains($"process {host.Pid} is `sh`; its grandchild {app} (AttachKit.Samples.Worker) has the AttachKit agent: attach to {app}", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            RunningProcess.SignalPid("TERM", app);
            await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task AProcessWithNoAttachableDescendantIsStillToldAboutForce()
    {
        using var sleeper = RunningProcess.Start(["sleep", "30"]);

        var result = await CliProcess.RunAsync(Pid(sleeper.Pid), "version");

        Assert.Equal(ExitCodes.NoAgent, result.ExitCode);
        Assert.Contains("shows no AttachKit agent", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", result.Stderr, StringComparison.Ordinal);
    }

    // The configuration the tests were built in, which built the sample too (dotnet run --no-build runs that build).
    private static string Configuration => AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    private static Dictionary<string, string> Environment(ScratchDirectory scratch) => new() { ["TMPDIR"] = scratch.Path };

    // The sample prints its own pid: "attach with: attachkit <pid> help".
    private static async Task<int> AppPidAsync(RunningProcess host)
    {
        var line = await host.WaitForLineAsync("attach with: attachkit ", StartTimeout);
        return int.Parse(line.Split(' ')[3], CultureInfo.InvariantCulture);
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
