using System.Diagnostics;
using AttachKit.Testing;

namespace AttachKit.Agent.Hosting.Tests;

/// <summary>
/// A Generic Host app (the test target's "hosted" scenario: default console logging, HTTP on
/// loopback) with app commands that misbehave, and agent options from its configuration.
/// </summary>
[Trait("Category", "Cli")]
public class HostedAgentTests
{
    [Fact]
    public async Task ACommandThatThrowsGetsAnErrorAndTheAppKeepsServing()
    {
        using var app = await StartAsync();
        using var http = Http.ClientFor(app);

        var failed = await CliProcess.RunAsync(app.Text(), "fail");
        var pong = await http.GetStringAsync("/");
        var echo = await CliProcess.RunAsync(app.Text(), "echo", "still", "here");

        Assert.True(failed.ExitCode == 6, failed.ToString());
        Assert.Contains("command 'fail' failed: InvalidOperationException: the cache is on fire", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal("pong", pong);
        Assert.Equal("still here\n", echo.Stdout);
        Assert.False(app.HasExited);

        // The agent logs through the app's own logging (Microsoft.Extensions.Logging here).
        await app.WaitForOutputAsync("fail -> 7 command 'fail' failed");
        Assert.Contains("AttachKit.Agent[0]", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandThatNeverReturnsTimesOutAtTheConfiguredDeadlineWhileTheAppKeepsServing()
    {
        using var app = await StartAsync(("AttachKit__CommandTimeout", "2"));
        using var http = Http.ClientFor(app);
        var loop = RequestLoop.Start(http, _ => "/");
        var clock = Stopwatch.StartNew();

        var hung = await CliProcess.RunAsync(app.Text(), "hang");
        var waited = clock.Elapsed;
        var echo = await CliProcess.RunAsync(app.Text(), "echo", "after");
        var requestsDuringAndAfter = loop.Count;
        await loop.StopAfterAsync(10);

        Assert.True(hung.ExitCode == 4, hung.ToString());
        Assert.Contains("command 'hang' did not finish within 2 s", hung.Stderr, StringComparison.Ordinal);
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8));
        Assert.Equal("after\n", echo.Stdout);
        Assert.Empty(loop.Failures);
        Assert.True(requestsDuringAndAfter > 10, $"only {requestsDuringAndAfter} requests were served while the command hung");
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task AppCommandsAreListedApartInHelp()
    {
        using var app = await StartAsync();

        var help = await CliProcess.RunAsync(app.Text(), "help");

        Assert.True(help.ExitCode == 0, help.ToString());
        var lines = help.Stdout.Split('\n');
        var heading = Array.IndexOf(lines, "Commands of the app:");
        Assert.True(heading > 0, help.Stdout);
        Assert.Contains(lines[..heading], line => line.StartsWith("  loglevel ", StringComparison.Ordinal));
        Assert.Equal(["echo", "fail", "hang"], lines[(heading + 1)..(heading + 4)].Select(line => line.Trim().Split(' ')[0]));
    }

    [Fact]
    public async Task ConfigurationCanDisableTheAgentAndSigquitThenNeitherStopsNorKillsTheApp()
    {
        using var app = await StartAsync(("AttachKit__Disabled", "true"));
        using var http = Http.ClientFor(app);

        app.Signal("QUIT");
        await Task.Delay(500);
        var attach = await CliProcess.RunAsync(app.Text(), "version", "--timeout", "1");

        Assert.Contains("AttachKit agent disabled", app.Output, StringComparison.Ordinal);
        Assert.True(attach.ExitCode == 4, attach.ToString());
        Assert.False(File.Exists(app.SocketPath));
        Assert.Equal("pong", await http.GetStringAsync("/"));
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task ConfigurationDisablesSingleCommands()
    {
        using var app = await StartAsync(("AttachKit__DisabledCommands", "version, echo"));

        var version = await CliProcess.RunAsync(app.Text(), "version");
        var echo = await CliProcess.RunAsync(app.Text(), "echo", "x");
        var help = await CliProcess.RunAsync(app.Text(), "help");

        Assert.Equal(6, version.ExitCode);
        Assert.Contains($"command 'version' is disabled in process {app.Pid}", version.Stderr, StringComparison.Ordinal);
        Assert.Contains($"command 'echo' is disabled in process {app.Pid}", echo.Stderr, StringComparison.Ordinal);
        Assert.Matches("\n  echo +writes its arguments back \\(disabled here\\)\n", help.Stdout);
    }

    [Theory]
    [InlineData("AttachKit__CommandTimeout", "soon", "configuration AttachKit:CommandTimeout = 'soon' is not a positive duration")]
    [InlineData("AttachKit__Disable", "true", "configuration AttachKit:Disable = 'true' is not an AttachKit setting")]
    public async Task ABadConfigurationValueStopsTheHostAtStartSayingWhich(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync((key, value)));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    private static Task<TargetApp> StartAsync(params (string Name, string Value)[] environment)
        => TargetApp.StartAsync(
            "hosted",
            [],
            new TargetOptions { Environment = environment.ToDictionary(variable => variable.Name, variable => variable.Value) },
            readyMarker: "ready ");
}
