using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// Another user listens at the name of a process's runtime diagnostic socket (its TMPDIR is world-writable,
/// as /tmp is) when root asks to load the agent into it: root's request, and the path of the agent's files,
/// must never reach that listener. Only a socket of the target's user is a candidate, and its listener must be
/// the target (SO_PEERCRED) before a byte is sent.
/// </summary>
[Trait("Category", "Cli")]
public class SquattedDiagnosticPortTests
{
    [Fact]
    public async Task ADiagnosticSocketAnotherUserSquatsGetsNoConnectionAndTheInjectionIsRefused()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        Files.MakeSticky(target.SocketDirectory);
        var port = Directory.GetFiles(target.SocketDirectory, $"dotnet-diagnostic-{target.Pid}-*-socket").Single();
        File.Delete(port);
        using var squatter = await Squatter.ListenAsync(port);

        var result = await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "version", "--inject");
        await target.SendAsync("alive");

        Assert.True(result.ExitCode == ExitCodes.NoAgent, result.ToString());
        Assert.Contains("its diagnostic port is unreachable", result.Stderr, StringComparison.Ordinal);
        Assert.True(squatter.Connections == 0, squatter.Output);
        Assert.DoesNotContain(target.Scratch.Entries(), name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
        Assert.DoesNotContain("AttachKit.Agent", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
    }
}
