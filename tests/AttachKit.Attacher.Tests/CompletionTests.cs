using System.Globalization;
using System.Text.Json;
using AttachKit.Protocol;
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

    [Fact]
    public async Task TheAppsOwnCommandsAreOfferedWhenItsAgentListens()
    {
        using var app = await TargetApp.StartAsync("agent-app");
        app.Signal("QUIT");
        await app.WaitForSocketAsync();

        var words = await CompleteAsync(["attachkit", Pid(app), "co"], 2);

        Assert.Equal(["count", "counters"], words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CompletingACommandOfADormantAgentSignalsNothingAndOffersTheBuiltInCommands()
    {
        using var app = await TargetApp.StartAsync("agent-app");
        using var plain = await TargetApp.StartAsync("plain");

        var words = await CompleteAsync(["attachkit", Pid(app), ""], 2);
        var wordsOfPlain = await CompleteAsync(["attachkit", Pid(plain), ""], 2);
        await Task.Delay(300);

        Assert.Equal(BuiltInCommands.All.Concat(BuiltInCommands.ReadFromOutside).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(app.SocketPath), "completion signalled a dormant agent");
        Assert.DoesNotContain("agent listening on", app.Log, StringComparison.Ordinal);
        Assert.Equal(BuiltInCommands.All.Concat(BuiltInCommands.ReadFromOutside).Order(StringComparer.Ordinal), wordsOfPlain.Order(StringComparer.Ordinal));
        Assert.False(plain.HasExited, "completion signalled a process without the agent");
    }

    [Fact]
    public async Task AJvmIsOfferedItsOwnCommands()
    {
        using var jvm = JvmTarget.Start();

        var words = await CompleteAsync(["attachkit", jvm.Pid.ToString(CultureInfo.InvariantCulture), ""], 2);

        Assert.Contains("jcmd", words);
        Assert.Contains("properties", words);
        Assert.DoesNotContain("heap-dump", words);
    }

    // No process is asked for a command's options: the pid is this test's own (a .NET process, not a JVM).
    [Theory]
    [InlineData("threads", "--group --top --interval --no-method-cache")]
    [InlineData("heap-dump", "-o --type")]
    [InlineData("trace", "-o --duration --profile --providers --format")]
    [InlineData("counters", "--interval --count")]
    [InlineData("env", "--unredacted")]
    [InlineData("gc", "--compact")]
    [InlineData("fd-export", "--listeners --read --exec")]
    [InlineData("version", "")]
    public async Task ACommandsOptionsAreOfferedWithAttachkitsOwn(string command, string options)
    {
        var words = await CompleteAsync(["attachkit", OwnPid, command, "-"], 3);

        string[] own = ["--json", "--force", "--inject", "--timeout", "--reply-timeout", "--raw", "--signal"];
        Assert.Equal([.. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. own], words);
    }

    [Theory]
    [InlineData("heap-dump", "--type", "full heap mini triage")]
    [InlineData("trace", "--format", "nettrace speedscope")]
    public async Task AnOptionsValuesAreOfferedAfterIt(string command, string option, string values)
    {
        var words = await CompleteAsync(["attachkit", OwnPid, command, option, ""], 4);

        Assert.Equal(values.Split(' '), words);
    }

    [Theory]
    [InlineData("counters", "--interval")]
    [InlineData("version", "--timeout")]
    public async Task AnOptionThatTakesAFreeValueLeavesItToTheShell(string command, string option)
        => Assert.Empty(await CompleteAsync(["attachkit", OwnPid, command, option, "-"], 4));

    [Fact]
    public async Task TheWordsOfAProgramAfterADoubleDashAreLeftToTheShell()
        => Assert.Empty(await CompleteAsync(["attachkit", OwnPid, "fd-export", "--listeners", "--exec", "--", "-"], 6));

    private static string OwnPid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

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
