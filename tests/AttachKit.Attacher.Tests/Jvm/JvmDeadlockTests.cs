using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Jvm;

/// <summary><c>deadlocks</c> on a HotSpot JVM: what the JVM finds itself, and the exit code that says so.</summary>
[Trait("Category", "Cli")]
public sealed class JvmDeadlockTests
{
    [Fact]
    public async Task ADeadlockedJvmPrintsItsDeadlockAndExitsWithEight()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { Threads = 3, Deadlock = true });

        var result = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "deadlocks");

        Assert.True(result.ExitCode == ExitCodes.DeadlockFound, result.ToString());
        Assert.StartsWith("Found one Java-level deadlock:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("which is held by \"deadlock-b\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("which is held by \"deadlock-a\"", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Found 1 deadlock.\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"blocked-0\"", result.Stdout, StringComparison.Ordinal);
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AJvmWithoutDeadlocksSaysSoAndExitsWithZero()
    {
        using var jvm = JvmTarget.Start(3);

        var result = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "deadlocks");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("No deadlocks found.\n", result.Stdout);
    }

    [Fact]
    public async Task TasksOnAJvmIsABadCommandLineThatPointsToThreadsLocks()
    {
        using var jvm = JvmTarget.Start(0);

        var result = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "tasks");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("threads --locks", result.Stderr, StringComparison.Ordinal);
    }
}
