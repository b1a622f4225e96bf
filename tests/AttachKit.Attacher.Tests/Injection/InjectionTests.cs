using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

[Trait("Category", "Cli")]
public class InjectionTests
{
    [Fact]
    public async Task AnUnmodifiedConsoleAppIsAttachedToWithInjectAndNothingIsLeftInItsTmpdir()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);

        var refused = await CliProcess.RunAsync(Pid(target), "version");
        var before = await ListedProcess.FindAsync(target.Pid);
        var injected = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        var again = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        var plain = await CliProcess.RunAsync(Pid(target), "help");
        var after = await ListedProcess.FindAsync(target.Pid);

        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("--inject would load the agent into it", refused.Stderr, StringComparison.Ordinal);
        Assert.True(before.GetProperty("injectable").GetBoolean(), before.ToString());
        Assert.True(injected.ExitCode == 0, injected.ToString() + target.Log);
        Assert.Contains($"loaded the AttachKit agent into process {target.Pid}", injected.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Pid:          {target.Pid}\n", injected.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"process {target.Pid} has the AttachKit agent already, listening: nothing was loaded", again.Stderr, StringComparison.Ordinal);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("listening", after.GetProperty("state").GetString());
        Assert.DoesNotContain(target.Scratch.Entries(), name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
        var log = await target.WaitForLogAsync("version -> 0 ok");
        Assert.Contains($"AttachKit agent injected into process {target.Pid} through the runtime's diagnostic port by pid ", log, StringComparison.Ordinal);
        Assert.Contains("uid 0: version -> 0 ok", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInjectedAgentRunsFromFilesThatAreGoneAndServesTheRuntimeCommands()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        Assert.Equal(0, (await CliProcess.RunAsync(Pid(target), "version", "--inject")).ExitCode);

        var maps = await File.ReadAllTextAsync($"/proc/{target.Pid}/maps");
        var results = new Dictionary<string, RunResult>();
        foreach (var command in new[] { "threads", "heap", "fds", "env", "assemblies", "counters" })
        {
            results[command] = await CliProcess.RunAsync(Pid(target), command);
        }

        Assert.Contains("AttachKit.Agent.dll (deleted)", maps, StringComparison.Ordinal);
        Assert.Contains("Serilog.Sinks.Console.dll (deleted)", maps, StringComparison.Ordinal);
        Assert.All(results, result => Assert.True(result.Value.ExitCode == 0, result.Key + ": " + result.Value + target.Log));
        Assert.Contains("\"dotnet\" tid=", results["threads"].Stdout, StringComparison.Ordinal);
        Assert.Contains("AttachKit.Agent", results["assemblies"].Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigquitAfterInjectionLeavesAPlainAppRunningAndPublishesAgain()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        Assert.Equal(0, (await CliProcess.RunAsync(Pid(target), "version", "--inject")).ExitCode);

        File.Delete(target.SocketPath);
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        await target.SendAsync("alive");
        var after = await CliProcess.RunAsync(Pid(target), "version");

        Assert.False(target.HasExited);
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [Fact]
    public async Task AnAppWithAnotherSerilogKeepsItsOwnWhileTheInjectedAgentUsesItsOwn()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Serilog);
        Assert.Contains("serilog=2.0.0.0", target.Output, StringComparison.Ordinal);

        var injected = await CliProcess.RunAsync(Pid(target), "assemblies", "--inject");
        await target.SendAsync("after");

        Assert.True(injected.ExitCode == 0, injected.ToString() + target.Log);
        // Serilog 2 and 3 both call themselves 2.0.0.0: only the load context tells the app's from the agent's.
        var serilogs = injected.Stdout.Split('\n').Where(line => line.TrimStart().StartsWith("Serilog ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, serilogs.Count);
        Assert.Contains(serilogs, line => line.Contains(" Default ", StringComparison.Ordinal) && line.Contains("AttachKit.SerilogApp", StringComparison.Ordinal));
        Assert.Contains(serilogs, line => line.Contains(" AttachKit.Agent ", StringComparison.Ordinal) && line.Contains(".attachkit-agent-", StringComparison.Ordinal));
        Assert.Contains("log: app logs \"after\"", target.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUsersAspNetCoreAppIsInjectedByRootAsThatUser()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web, new TargetOptions { IgnoreQuit = false, User = "nobody" });

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");
        var threads = await CliProcess.RunAsync(Pid(target), "threads");

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Uid:          65534", result.Stdout, StringComparison.Ordinal);
        Assert.True(threads.ExitCode == 0, threads.ToString() + target.Log);
        Assert.Equal(65534, (int)new Mono.Unix.UnixFileInfo(target.SocketPath).OwnerUserId);
        Assert.DoesNotContain(target.Scratch.Entries(), name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAppInItsOwnNamespacesWithItsOwnTmpfsIsInjectedFromTheHost()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console, new TargetOptions { IgnoreQuit = false, InOwnNamespaces = true });

        var result = await CliProcess.RunAsync(Pid(target), "version", "--inject");

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Pid:          1\n", result.Stdout, StringComparison.Ordinal);
        // The target's own /tmp, a tmpfs the host does not see at that path: its socket there, the agent's files gone.
        var inside = Directory.GetFileSystemEntries($"/proc/{target.Pid}/root{target.SocketDirectory}").Select(Path.GetFileName).ToList();
        Assert.Contains(".attach_pid1", inside);
        Assert.DoesNotContain(inside, name => name!.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(target.SocketDirectory));
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
