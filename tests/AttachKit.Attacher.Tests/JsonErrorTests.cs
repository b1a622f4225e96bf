using System.Globalization;
using System.Text.Json;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class JsonErrorTests
{
    [Fact]
    public async Task EveryCommandTheAgentOffersSucceedsWithOneJsonDocumentOnStdout()
    {
        using var target = await TargetApp.StartAsync("agent");
        var help = await CliProcess.RunAsync(Pid(target), "help", "--json");
        using var commands = JsonDocument.Parse(help.Stdout);
        var names = commands.RootElement.GetProperty("commands").EnumerateArray().Select(command => command.GetProperty("name").GetString()!).ToList();

        Assert.Contains("threads", names);
        foreach (var name in names)
        {
            var result = await CliProcess.RunAsync([Pid(target), name, .. MinimalArguments(name, target.Scratch.Path), "--json"], TimeSpan.FromSeconds(120));

            using var document = ParseOrFail(result, name);
            Assert.True(result.ExitCode == 0, $"{name}: {result}");
            Assert.False(document.RootElement.TryGetProperty("error", out _), $"{name}: {result}");
        }
    }

    [Fact]
    public async Task NoSuchProcessIsAJsonErrorWithExitCodeTwoAndNoStatus()
    {
        var result = await CliProcess.RunAsync("4194305", "version", "--json");

        var error = Error(result, ExitCodes.NoSuchProcess);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.Equal("no process with pid 4194305", error.GetProperty("message").GetString());
        Assert.Contains("attachkit: no process with pid 4194305", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessWithoutTheAgentIsAJsonErrorWithExitCodeThree()
    {
        using var target = await TargetApp.StartAsync("plain");

        var result = await CliProcess.RunAsync(Pid(target), "version", "--json");

        var error = Error(result, ExitCodes.NoAgent);
        Assert.Contains("shows no AttachKit agent", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermissionDeniedIsAJsonErrorWithExitCodeFive()
    {
        using var target = await TargetApp.StartAsync("agent");
        using var copy = ScratchDirectory.Create();

        var result = await OtherUser.RunAsNobodyAsync([.. CliProcess.CopyTo(copy.Path), Pid(target), "version", "--json"]);

        var error = Error(result, ExitCodes.PermissionDenied);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.Contains($"owner of process {target.Pid} or as root", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandIsAJsonErrorWithExitCodeSixAndTheAgentsStatus()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync(Pid(target), "nope", "--json");

        var status = Error(result, ExitCodes.CommandFailed).GetProperty("status");
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.StartsWith("unknown command 'nope'; available: help, version", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureAfterTheBodyStartedLeavesOnlyTheErrorOnStdout()
    {
        using var listener = await ScriptedListener.StartAsync("0 ok\n5\n{\"a\":0\n7 failed late\n"u8.ToArray());

        var result = await CliProcess.RunAsync(Pid(listener.Target), "version", "--json");

        var status = Error(result, ExitCodes.CommandFailed).GetProperty("status");
        Assert.Equal(7, status.GetProperty("code").GetInt32());
        Assert.Equal("failed late", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AReplyCutOffIsAJsonErrorWithExitCodeSeven()
    {
        using var listener = await ScriptedListener.StartAsync("0 ok\n6\n{\"a\":"u8.ToArray());

        var result = await CliProcess.RunAsync(Pid(listener.Target), "version", "--json");

        Assert.Contains("cut off", Error(result, ExitCodes.BrokenReply).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-pid", "version", "--json")]
    [InlineData("1", "heap-dump", "--json")]
    public async Task AUsageErrorWithJsonIsAJsonErrorWithExitCodeOne(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.False(string.IsNullOrEmpty(Error(result, ExitCodes.Usage).GetProperty("message").GetString()));
    }

    [Fact]
    public async Task TextModeErrorsStayOffStdout()
    {
        var result = await CliProcess.RunAsync("4194305", "version");

        Assert.Equal(ExitCodes.NoSuchProcess, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    // What each command needs to run at all: the files a command saves go to the scratch directory.
    private static string[] MinimalArguments(string command, string scratch) => command switch
    {
        "heap-dump" => ["-o", Path.Combine(scratch, "app.dmp"), "--type", "mini"],
        "trace" => ["-o", Path.Combine(scratch, "app.nettrace"), "--duration", "1s"],
        "fd-export" => ["0"],
        _ => [],
    };

    private static JsonElement Error(RunResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        using var document = ParseOrFail(result, "error");
        return document.RootElement.GetProperty("error").Clone() is var error && error.GetProperty("exitCode").GetInt32() == exitCode
            ? error
            : throw new Xunit.Sdk.XunitException($"exitCode in the document is not {exitCode}: {result}");
    }

    private static JsonDocument ParseOrFail(RunResult result, string what)
    {
        try
        {
            return JsonDocument.Parse(result.Stdout);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: stdout is not one JSON document ({e.Message}): {result}");
        }
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
