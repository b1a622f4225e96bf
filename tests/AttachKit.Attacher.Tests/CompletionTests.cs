using System.Globalization;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class CompletionTests
{
    [Fact]
    public async Task TheFirstWordCompletesToSubcommandsAndThePidsOfAgentProcessesOnly()
    {
        using var agent = await TargetApp.StartAsync("agent");
        using var plain = await TargetApp.StartAsync("plain");

        var words = await CompleteAsync(["attachkit", ""], 1);

        Assert.Contains(Pid(agent), words);
        Assert.Contains("list", words);
        Assert.Contains("completion", words);
        Assert.DoesNotContain(Pid(plain), words);
        Assert.False(plain.HasExited);
    }

    [Fact]
    public async Task TheSecondWordCompletesToTheCommandNames()
    {
        using var agent = await TargetApp.StartAsync("agent");

        var words = await CompleteAsync(["attachkit", Pid(agent), "th"], 2);

        Assert.Equal(["threadpool", "threads"], words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheCommandNamesOfferedAreTheAgentsBuiltInCommands()
    {
        using var agent = await TargetApp.StartAsync("agent");
        var help = await CliProcess.RunAsync(Pid(agent), "help", "--json");
        using var commands = JsonDocument.Parse(help.Stdout);
        var builtIn = commands.RootElement.GetProperty("commands").EnumerateArray()
            .Where(command => command.GetProperty("source").GetString() == "agent")
            .Select(command => command.GetProperty("name").GetString()!);

        var words = await CompleteAsync(["attachkit", Pid(agent), ""], 2);

        Assert.Equal(builtIn.Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListCompletesToItsOptions()
    {
        var words = await CompleteAsync(["attachkit", "list", "--"], 2);

        Assert.Equal(["--all", "--json", "--quiet"], words.Order(StringComparer.Ordinal));
    }

    // Sources the script in a non-interactive bash, sets what bash sets before calling a completion
    // function, calls it and prints COMPREPLY, a word a line.
    private static async Task<IReadOnlyList<string>> CompleteAsync(string[] words, int current)
    {
        var script = await CliProcess.RunAsync("completion", "bash");
        Assert.True(script.ExitCode == 0, script.ToString());
        var quoted = string.Join(' ', words.Select(word => "'" + word + "'"));
        var line = string.Join(' ', words);
        var call = $"""
            {script.Stdout}
            COMP_WORDS=({quoted}); COMP_CWORD={current}; COMP_LINE='{line}'; COMP_POINT={line.Length}
            _attachkit_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;

        var result = await ProcessRunner.RunAsync(["bash", "-c", call]);

        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
