using System.Text.Json;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Commands;

[Trait("Category", "Cli")]
public class HelpTests
{
    [Fact]
    public async Task UnderEachCommandHelpShowsWhatItTakesAsAttachkitTakesIt()
    {
        using var target = await TargetApp.StartAsync("agent");

        var help = await CliProcess.RunAsync(target.Text(), "help");

        Assert.True(help.ExitCode == 0, help.ToString());
        var lines = help.Stdout.Split('\n');
        var threads = Array.FindIndex(lines, line => line.StartsWith("  threads ", StringComparison.Ordinal));
        Assert.Contains("like jstack", lines[threads], StringComparison.Ordinal);
        Assert.Equal("[--group] [--top <n>] [--interval <time>] [--no-method-cache] [--locks] [--max-pause <time>]", lines[threads + 1].Trim());
        var heapDump = Array.FindIndex(lines, line => line.StartsWith("  heap-dump ", StringComparison.Ordinal));
        Assert.Equal("-o <file> [--type full|heap|mini|triage]", lines[heapDump + 1].Trim());
        Assert.DoesNotContain("--method-epoch", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("binary body", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpInJsonGivesEachCommandsUsageFromTheProtocolsTable()
    {
        using var target = await TargetApp.StartAsync("agent-app");

        var help = await CliProcess.RunAsync(target.Text(), "help", "--json");

        using var json = JsonDocument.Parse(help.Stdout);
        var usages = json.RootElement.GetProperty("commands").EnumerateArray()
            .ToDictionary(command => command.GetProperty("name").GetString()!, command => command.GetProperty("usage").GetString());
        Assert.All(BuiltInCommands.All, name => Assert.Equal(BuiltInCommands.Usage(name).Text, usages[name]));
        Assert.Equal("[--interval <time>] [--count <n>]", usages["counters"]);
        Assert.Equal("", usages["count"]);
    }
}
