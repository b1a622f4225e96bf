using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests;

/// <summary><c>loglevel</c> against an app that registered switches <c>app</c> (Information) and <c>db</c> (Warning).</summary>
[Trait("Category", "Cli")]
public class LogLevelTests
{
    [Fact]
    public async Task WithoutArgumentsItShowsEachSwitchInTextAndJson()
    {
        using var target = await TargetApp.StartAsync("agent-app");

        var text = await CliProcess.RunAsync(target.Text(), "loglevel");
        var json = await CliProcess.RunAsync(target.Text(), "loglevel", "--json");

        Assert.Equal("app: Information\ndb:  Warning\n", text.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("Information", document.RootElement.GetProperty("app").GetString());
        Assert.Equal("Warning", document.RootElement.GetProperty("db").GetString());
    }

    [Fact]
    public async Task ALevelAloneSetsEverySwitchAndASwitchAndLevelSetOnlyThatOne()
    {
        using var target = await TargetApp.StartAsync("agent-app");

        var all = await CliProcess.RunAsync(target.Text(), "loglevel", "debug");
        var one = await CliProcess.RunAsync(target.Text(), "loglevel", "db", "Error");
        var after = await CliProcess.RunAsync(target.Text(), "loglevel");

        Assert.Equal("app: Debug\ndb:  Debug\n", all.Stdout);
        Assert.Equal("app: Debug\ndb:  Error\n", one.Stdout);
        Assert.Equal(one.Stdout, after.Stdout);
        await ServingTests.WaitForLogAsync(target, "AttachKit loglevel: switch db Debug -> Error");
    }

    [Theory]
    [InlineData(new[] { "loud" }, "unknown level 'loud'; valid levels: Verbose, Debug, Information, Warning, Error, Fatal")]
    [InlineData(new[] { "3" }, "unknown level '3'; valid levels: Verbose, Debug")]
    [InlineData(new[] { "app" }, "unknown level 'app'; valid levels: Verbose, Debug, Information, Warning, Error, Fatal; to change only switch 'app': loglevel app <level>")]
    [InlineData(new[] { "web", "Debug" }, "unknown level switch 'web'; registered: app, db")]
    [InlineData(new[] { "app", "Debug", "now" }, "usage: loglevel [[<switch>] <level>]; got 3 arguments")]
    public async Task BadArgumentsAreInvalidAndSayWhatIsValid(string[] arguments, string expected)
    {
        using var target = await TargetApp.StartAsync("agent-app");

        var result = await CliProcess.RunAsync([target.Text(), "loglevel", .. arguments]);
        var after = await CliProcess.RunAsync(target.Text(), "loglevel");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("app: Information\ndb:  Warning\n", after.Stdout);
    }

    [Fact]
    public async Task AnAppWithoutSwitchesSaysSoAndHasNothingToChange()
    {
        using var target = await TargetApp.StartAsync("agent");

        var show = await CliProcess.RunAsync(target.Text(), "loglevel");
        var json = await CliProcess.RunAsync(target.Text(), "loglevel", "--json");
        var change = await CliProcess.RunAsync(target.Text(), "loglevel", "Debug");

        Assert.Equal($"Process {target.Pid} registered no level switches (an app registers them with AttachAgentOptions.AddLevelSwitch).\n", show.Stdout);
        Assert.Equal("{}\n", json.Stdout);
        Assert.Equal(6, change.ExitCode);
        Assert.Contains("registered no level switches; there is nothing to change", change.Stderr, StringComparison.Ordinal);
    }
}
