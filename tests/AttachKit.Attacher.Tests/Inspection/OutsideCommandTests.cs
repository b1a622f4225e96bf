using System.Globalization;
using System.Text.Json;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Inspection;

/// <summary>threads --locks, deadlocks and tasks through the real CLI, on processes without the agent.</summary>
[Trait("Category", "Cli")]
public sealed class OutsideCommandTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreadsLocksShowsEachThreadsLocksThenTheDeadlockAndTheProcessRunsOn()
    {
        using var target = await TargetApp.StartAsync("locks-deadlock");

        var result = await CliProcess.RunAsync([Pid(target), "threads", "--locks"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("- waiting to lock <0x", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("owned by \"dl-b\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("- locked <0x", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Found 1 deadlock:", result.Stdout, StringComparison.Ordinal);
        Assert.Matches($"Process {target.Pid} was held still for \\d+ ms while it was read\\.\\n$", result.Stdout);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task DeadlocksExitsWithEightWhenThereIsOneAndZeroWhenNone()
    {
        using var deadlocked = await TargetApp.StartAsync("locks-deadlock");
        using var chain = await TargetApp.StartAsync("locks-chain");

        var found = await CliProcess.RunAsync([Pid(deadlocked), "deadlocks", "--json"], CliLimit);
        var none = await CliProcess.RunAsync([Pid(chain), "deadlocks"], CliLimit);

        Assert.True(found.ExitCode == ExitCodes.DeadlockFound, found.ToString());
        using var json = JsonDocument.Parse(found.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("deadlockCount").GetInt32());
        Assert.True(json.RootElement.GetProperty("pausedMilliseconds").GetDouble() > 0);
        Assert.Equal(0, json.RootElement.GetProperty("threadsNotStopped").GetArrayLength());
        Assert.True(none.ExitCode == ExitCodes.Success, none.ToString());
        Assert.StartsWith("No deadlocks found.", none.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksCountsAThousandIdenticalChainsAsOneGroup()
    {
        using var target = await TargetApp.StartAsync("tasks-pending");

        var result = await CliProcess.RunAsync([Pid(target), "tasks", "--json"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var largest = json.RootElement.GetProperty("groups")[0];
        Assert.Equal(1000, largest.GetProperty("count").GetInt32());
        Assert.Equal("taskCompletionSource", largest.GetProperty("waitingOn").GetProperty("kind").GetString());
        Assert.Contains("AsyncScenarios.ManyOuter", largest.GetProperty("frames").EnumerateArray().Last().GetString(), StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task ABadOptionIsABadCommandLine()
    {
        using var target = await TargetApp.StartAsync("plain");

        var result = await CliProcess.RunAsync([Pid(target), "tasks", "--max-pause", "2h"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--max-pause", result.Stderr, StringComparison.Ordinal);
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
