using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// A socket file at <c>.attach_pid&lt;pid&gt;</c> owned by someone other than the target's effective
/// uid is not evidence of an agent: the attacher must not signal on it, since a .NET process without
/// the agent dies of SIGQUIT (exit 131).
/// </summary>
[Trait("Category", "Cli")]
public class PlantedEvidenceTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("1001")]
    public async Task ASocketFileNobodyPlantedInTheTargetsTmpdirIsNoReasonToSignalAProcessWithoutTheAgent(string user)
    {
        using var victim = await TargetApp.StartAsync("plain", [], new TargetOptions { IgnoreQuit = false, User = user == "root" ? null : user });
        Directories.MakeSticky(victim.SocketDirectory);
        await Squatter.PlantAsync(victim.SocketPath, SquatKind.Socket);

        var result = await CliProcess.RunAsync([victim.Text(), "version", "--timeout", "5"], TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(victim.HasExited, $"the process without the agent was signalled: it exited with {(victim.HasExited ? victim.ExitCode : 0)}\n{result}");
        Assert.True(result.ExitCode == ExitCodes.NoAgent, result.ToString());
    }
}
