using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Inspection;

/// <summary>Reading from outside a process in a container: its threads have other ids in there, and a rootless one's user is not ours to become.</summary>
[Trait("Category", "Cli")]
public class OutsideReadingContainerTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ADeadlockInAProcessInItsOwnPidNamespaceIsFoundWithItsStacks()
    {
        using var target = await TargetApp.StartAsync("locks-deadlock", [], new TargetOptions { InOwnNamespaces = true });

        var result = await CliProcess.RunAsync([target.Pid.ToString(CultureInfo.InvariantCulture), "deadlocks"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.DeadlockFound, result.ToString());
        Assert.Contains("which is held by \"dl-b\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("at AttachKit.TestTarget.LockScenarios.HoldAndEnter", result.Stdout, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task AProcessInARootlessContainerIsRefusedWithWhatToDoInstead()
    {
        using var target = await TargetApp.StartAsync("locks-deadlock", [], new TargetOptions { InOwnNamespaces = true, InOwnUserNamespace = true, User = "nobody" });

        var result = await CliProcess.RunAsync([target.Pid.ToString(CultureInfo.InvariantCulture), "tasks"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        Assert.Contains("another user namespace", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("run attachkit inside the container", result.Stderr, StringComparison.Ordinal);
    }
}
