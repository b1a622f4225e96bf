using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

public class AgentInjectorTests
{
    [Fact]
    public async Task TheLibraryLoadsTheAgentOnceAndThenSaysItIsThere()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        var injector = new AgentInjector();

        var first = injector.Inject(target.Pid);
        var second = injector.Inject(target.Pid);
        var version = await new AttachClient().RunAsync(target.Pid, "version");
        var log = await target.WaitForLogAsync("version -> 0 ok");

        Assert.Equal(InjectionOutcome.Loaded, first);
        Assert.Equal(InjectionOutcome.AlreadyInjected, second);
        Assert.Contains($"Pid:          {target.Pid}\n", version, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "AttachKit agent injected into process"));
    }

    [Fact]
    public async Task AClientAskedToInjectLoadsTheAgentAndRunsTheCommand()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);

        var help = await new AttachClient(new AttachClientOptions { Inject = true }).RunAsync(target.Pid, "help");

        Assert.Contains("threads", help, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Scratch.Entries(), name => name.StartsWith(".attachkit-agent-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientNotAskedToInjectLeavesAnUnmodifiedAppAsItWas()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);

        var refused = await Assert.ThrowsAsync<AgentNotFoundException>(() => new AttachClient().RunAsync(target.Pid, "version"));
        await target.SendAsync("alive");

        Assert.Contains("--inject would load the agent into it", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AttachKit.Agent", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppThatInstalledTheAgentIsLeftAsItIs()
    {
        using var target = await TargetApp.StartAsync("agent");

        Assert.Equal(InjectionOutcome.AlreadyInstalled, new AgentInjector().Inject(target.Pid));
        Assert.DoesNotContain("AttachKit.Agent.StartupHook", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
    }
}
