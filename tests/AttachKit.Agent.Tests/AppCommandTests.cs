using AttachKit.Testing;

namespace AttachKit.Agent.Tests;

/// <summary>An app command registered with <c>AttachAgent.Install</c> (no host): served, listed, and given the client's format.</summary>
[Trait("Category", "Cli")]
public class AppCommandTests
{
    [Fact]
    public async Task AnAppCommandGetsItsArgumentsAndTheFormatAndIsListedAfterTheBuiltInOnes()
    {
        using var target = await TargetApp.StartAsync("agent-app");

        var text = await CliProcess.RunAsync(target.Text(), "count", "a", "b", "c");
        var json = await CliProcess.RunAsync(target.Text(), "count", "a", "--json");
        var help = await CliProcess.RunAsync(target.Text(), "help");

        Assert.Equal("3 arguments\n", text.Stdout);
        Assert.Equal("{\"count\": 1}\n", json.Stdout);
        Assert.Matches("Commands of the app:\n  count +how many arguments it got\nAny command answers in JSON when asked with --json.\n$", help.Stdout);
    }
}
