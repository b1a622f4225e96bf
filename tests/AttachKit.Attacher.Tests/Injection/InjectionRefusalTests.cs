using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

[Trait("Category", "Cli")]
public class InjectionRefusalTests
{
    [Theory]
    [InlineData("ATTACHKIT_DISABLE_INJECTION", "1", "the app forbids it (ATTACHKIT_DISABLE_INJECTION is set)")]
    [InlineData("DOTNET_EnableDiagnostics", "0", "its diagnostics are off (DOTNET_EnableDiagnostics=0)")]
    [InlineData("DOTNET_EnableDiagnostics_IPC", "0", "its diagnostics are off (DOTNET_EnableDiagnostics_IPC=0)")]
    public async Task AnAppStartedWithASwitchThatKeepsTheAgentOutIsRefusedWithTheReason(string variable, string value, string reason)
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console, new TargetOptions { IgnoreQuit = false, Environment = new Dictionary<string, string> { [variable] = value } });

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        await target.SendAsync("alive");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"cannot be loaded into process {target.Pid}: {reason}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AttachKit.Agent", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppStartedWithTheAgentOffIsNotLoadedInto()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console, new TargetOptions { IgnoreQuit = false, Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } });

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        await target.SendAsync("alive");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("was started with ATTACHKIT_DISABLE set", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AttachKit.Agent", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AttachKit.DisableInjection", true, "the app forbids it (AttachKit.DisableInjection is true in its runtimeconfig.json)")]
    [InlineData("System.StartupHookProvider.IsSupported", false, "its startup hooks are switched off (System.StartupHookProvider.IsSupported is false in its runtimeconfig.json)")]
    public async Task AnAppWhoseRuntimeConfigKeepsTheAgentOutIsRefusedWithTheReason(string property, bool value, string reason)
    {
        using var copy = ScratchDirectory.Create();
        var program = UnmodifiedApps.CopyWithProperty(UnmodifiedApps.Console, copy.Path, property, value);
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console, program: program);

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        var listed = await ListedProcess.FindAsync(target.Pid);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.False(listed.GetProperty("injectable").GetBoolean());
        Assert.Equal(reason, listed.GetProperty("notInjectableBecause").GetString());
    }

    [Fact]
    public async Task TheHookRefusesWhenTheAppForbidsItAfterStartingAndIsNotAskedAgain()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        await target.SendAsync("forbid");

        var first = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        var second = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        await target.SendAsync("alive");

        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.Contains($"process {target.Pid} refused the AttachKit agent: ATTACHKIT_DISABLE_INJECTION is set", first.Stderr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 3, second.ToString());
        Assert.Contains("refused the agent when it was loaded before", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Scratch.Entries(), name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
        Assert.Contains("the app forbids it (ATTACHKIT_DISABLE_INJECTION is set)", await target.WaitForLogAsync("forbids"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppWhoseDiagnosticSocketIsGoneIsRefusedAsUnreachable()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        foreach (var socket in Directory.GetFiles(target.SocketDirectory, $"dotnet-diagnostic-{target.Pid}-*-socket"))
        {
            File.Delete(socket);
        }

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("its diagnostic port is unreachable", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARuntimeThatDoesNotAnswerInTimeKeepsTheFilesItMayStillLoadAndLoadsThemWhenItGoesOn()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        target.Signal("STOP");

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject", "--timeout", "2");
        var kept = target.Scratch.Entries().Where(name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal)).ToList();
        target.Signal("CONT");
        await target.WaitForSocketAsync();
        var after = await CliProcess.RunAsync(Pid(target), "version");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains($"process {target.Pid} did not answer within 2 s of being asked to load the agent; its files stay in ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(kept);
        Assert.True(after.ExitCode == 0, after.ToString() + target.Log);
    }

    [Fact]
    public async Task AProcessWithoutADotnetRuntimeIsRefusedAndLeftAlone()
    {
        using var process = RunningProcess.Start(["sleep", "30"]);

        var result = await CliProcess.RunAsync(process.Pid.ToString(CultureInfo.InvariantCulture), "version", "--inject");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"cannot be loaded into process {process.Pid}: it maps no .NET runtime library", result.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists($"/proc/{process.Pid}/fd"), "the process is gone");
    }

    [Fact]
    public async Task AProcessWithTheAgentInstalledIsAttachedAsAlwaysWithInject()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"process {target.Pid} has the AttachKit agent already, installed by the app: nothing was loaded", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("injected", await target.WaitForLogAsync("version -> 0 ok"), StringComparison.Ordinal);
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
