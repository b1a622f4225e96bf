using System.Globalization;
using System.Text.Json;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class FdExportCliTests
{
    [Fact]
    public async Task ExecStartsTheCommandWithTheListenerAsFdThreeAndSocketActivationVariables()
    {
        using var target = await TargetApp.StartAsync("fds");
        var facts = target.Facts("fds");
        var pid = target.Pid.ToString(CultureInfo.InvariantCulture);
        var socket = await TargetOf(target.Pid, int.Parse(facts["listener"], CultureInfo.InvariantCulture));

        var result = await CliProcess.RunAsync(
            pid, "fd-export", "--listeners", "--exec", "--",
            "sh", "-c", "echo \"$LISTEN_PID $$ $LISTEN_FDS $LISTEN_FDNAMES $(readlink /proc/self/fd/3)\"; exit 7");

        Assert.True(result.ExitCode == 7, result.ToString());
        var fields = result.Stdout.Trim().Split(' ');
        Assert.Equal(fields[1], fields[0]);
        Assert.Equal(["1", $"tcp-127.0.0.1_{facts["port"]}", socket], fields[2..]);
        Assert.Contains($"(pid {fields[0]}) with fd 3 = fd {facts["listener"]} of process {pid}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecOutlivesAnInterruptToExitWithTheCommandsCode()
    {
        // The command ignores SIGINT, as a server that drains on it would outlive it; only attachkit is
        // interrupted here, as a terminal's Ctrl+C would interrupt both.
        using var target = await TargetApp.StartAsync("fds");
        using var scratch = ScratchDirectory.Create();
        var go = Path.Combine(scratch.Path, "go");
        using var cli = RunningProcess.Start([
            .. Artifacts.Cli, target.Pid.ToString(CultureInfo.InvariantCulture), "fd-export", "--listeners", "--exec", "--",
            "sh", "-c", $"trap '' INT; while [ ! -e {go} ]; do sleep 0.05; done; exit 7"]);
        await cli.WaitForLineAsync("attachkit: started", TimeSpan.FromSeconds(20));

        cli.Signal("INT");
        await Task.Delay(300);
        await File.WriteAllTextAsync(go, "");

        Assert.Equal(7, await cli.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("5", "--read", "--exec", "--", "true")]
    [InlineData("5", "--exec")]
    [InlineData("5-7", "--read")]
    [InlineData("--listeners", "--read")]
    public async Task ClientOptionsThatCannotWorkAreUsageErrorsBeforeAnyAttach(params string[] arguments)
    {
        // Pid 1 is never touched: the options are checked before anything is sent.
        var result = await CliProcess.RunAsync(["1", "fd-export", .. arguments], timeout: null);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("attachkit: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRefusesAListeningSocket()
    {
        using var target = await TargetApp.StartAsync("fds");

        var result = await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "fd-export", target.Facts("fds")["listener"], "--read");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("is a listening tcp", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> TargetOf(int pid, int fd)
    {
        var json = await new AttachClient().RunAsync(pid, "fds", format: ReplyFormat.Json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("descriptors").EnumerateArray()
            .Single(row => row.GetProperty("fd").GetInt32() == fd).GetProperty("target").GetString()!;
    }
}
