using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class AttachClientTests
{
    [Fact]
    public async Task ADotNetProcessWithoutTheAgentIsRefusedAndStaysAlive()
    {
        using var target = await TargetApp.StartAsync("plain");

        var result = await CliProcess.RunAsync(Pid(target), "version");
        await Task.Delay(300);

        Assert.Equal(ExitCodes.NoAgent, result.ExitCode);
        Assert.Contains($"process {target.Pid} shows no AttachKit agent", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task AProcessStartedWithTheAgentSwitchedOffIsNotSignalled()
    {
        var options = new TargetOptions { Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } };
        using var target = await TargetApp.StartAsync("agent", [], options);

        var result = await CliProcess.RunAsync(Pid(target), "version");
        await Task.Delay(300);

        Assert.Equal(ExitCodes.NoAgent, result.ExitCode);
        Assert.Contains("ATTACHKIT_DISABLE", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task ANonexistentPidExitsWithTwo()
    {
        var result = await CliProcess.RunAsync("4194305", "version");

        Assert.Equal(ExitCodes.NoSuchProcess, result.ExitCode);
        Assert.Contains("no process with pid 4194305", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALiveSocketIsUsedWithoutSignalling()
    {
        // A .NET process without the agent, whose SIGQUIT is left at its default: it surviving proves no
        // signal was sent.
        using var listener = await ScriptedListener.StartAsync("0 ok\n7\nfrom a\n0\n0 ok\n"u8.ToArray(), quitKills: true);

        var result = await CliProcess.RunAsync(Pid(listener.Target), "version");
        await Task.Delay(300);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("from a", result.Stdout.TrimEnd());
        Assert.False(listener.Target.HasExited);
    }

    [Fact]
    public async Task AReplyCutOffExitsWithSevenAfterPrintingWhatArrived()
    {
        using var listener = await ScriptedListener.StartAsync("0 ok\n6\npartial line"u8.ToArray());

        var result = await CliProcess.RunAsync(Pid(listener.Target), "version");

        Assert.Equal(ExitCodes.BrokenReply, result.ExitCode);
        Assert.Equal("partia", result.Stdout);
        Assert.Contains("cut off", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorAtTheEndOfAStreamedBodyExitsWithSix()
    {
        using var listener = await ScriptedListener.StartAsync("0 ok\n3\nabc0\n7 failed late\n"u8.ToArray());

        var result = await CliProcess.RunAsync(Pid(listener.Target), "version");

        Assert.Equal(ExitCodes.CommandFailed, result.ExitCode);
        Assert.Equal("abc", result.Stdout);
        Assert.Contains("failed late", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSocketWithinTheTimeoutExitsWithFourNamingThePath()
    {
        using var target = await TargetApp.StartAsync("agent-elsewhere");

        var result = await CliProcess.RunAsync(Pid(target), "version", "--timeout", "1");

        Assert.Equal(ExitCodes.TimedOut, result.ExitCode);
        Assert.Contains($"no socket appeared at {target.SocketPath} within 1 s", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task AnUnknownCommandExitsWithSixListingTheCommands()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync(Pid(target), "nope");

        Assert.Equal(ExitCodes.CommandFailed, result.ExitCode);
        Assert.Contains("unknown command 'nope'; available: help, version, ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABusyAgentIsRetriedUntilItHasRoom()
    {
        using var target = await TargetApp.StartAsync("agent", "max-connections=1");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        using var silent = await RawClient.ConnectAsync(target.SocketPath);
        await Task.Delay(100);

        var result = await CliProcess.RunAsync(Pid(target), "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("-> 9 the agent is serving 1 connections already", await target.WaitForLogAsync("-> 9 "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUserWhoCannotSeeTheProcessGetsPermissionDenied()
    {
        using var target = await TargetApp.StartAsync("agent");
        using var copy = ScratchDirectory.Create();
        var cli = CliProcess.CopyTo(copy.Path);

        var result = await OtherUser.RunAsNobodyAsync(cli.Append(Pid(target)).Append("version").ToList());

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.Contains($"owner of process {target.Pid} or as root", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task HelpDocumentsEveryExitCode()
    {
        var result = await CliProcess.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var (code, meaning) in ExitCodes.All)
        {
            Assert.Contains($"{code}  {meaning}", result.Stdout, StringComparison.Ordinal);
        }
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
