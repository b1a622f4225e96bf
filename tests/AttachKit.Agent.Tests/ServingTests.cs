using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests;

[Trait("Category", "Cli")]
public class ServingTests
{
    [Fact]
    public async Task TwentyConcurrentAttachersOnAColdTargetAllSucceed()
    {
        using var target = await TargetApp.StartAsync("agent");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CliProcess.RunAsync(target.Text(), "version")));

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.ToString()));
        Assert.All(results, result => Assert.Contains($"Pid:          {target.Pid}", result.Stdout, StringComparison.Ordinal));
        Assert.Single(target.ThreadNames(), name => name == "attach-listener");
    }

    [Fact]
    public async Task AnotherUserIsRefusedAndSeesWhy()
    {
        using var target = await PublishedAsync();
        File.SetUnixFileMode(target.SocketPath, (UnixFileMode)Convert.ToInt32("666", 8));

        var result = await OtherUser.RunAsNobodyAsync(Socat.Command(target.SocketPath), "1\0version\0\0");

        Assert.StartsWith("5 uid 65534 may not attach", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n0\n5 uid 65534 may not attach to process " + target.Pid + ": only its owner (uid 0) and root may\n", result.Stdout, StringComparison.Ordinal);
        Assert.False(target.HasExited);
        await WaitForLogAsync(target, "uid 65534: - -> 5");
    }

    [Theory]
    [InlineData("oversized command name", "1\0CCCC\0\0", "1 command name exceeds 64 bytes")]
    [InlineData("oversized argument", "1\0version\0AAAA\0\0", "1 argument 1 exceeds 4096 bytes")]
    [InlineData("too many arguments", "1\0version\0MANY\0", "1 more than 64 arguments")]
    [InlineData("wrong version", "9\0version\0\0", "2 unsupported protocol version '9'; this agent speaks version 1")]
    [InlineData("no terminator", "1\0version\0", "1 request ended before its terminating empty string")]
    public async Task ABadRequestGetsAnErrorReplyAndTheNextClientIsServed(string what, string request, string expected)
    {
        using var target = await PublishedAsync();
        var bytes = Encoding.UTF8.GetBytes(request
            .Replace("CCCC", new string('c', 65), StringComparison.Ordinal)
            .Replace("AAAA", new string('a', 5000), StringComparison.Ordinal)
            .Replace("MANY", string.Concat(Enumerable.Repeat("x\0", 70)), StringComparison.Ordinal));

        var reply = await SendAndHalfCloseAsync(target.SocketPath, bytes);
        var next = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(reply.StartsWith(expected, StringComparison.Ordinal), $"{what}: {reply}");
        Assert.EndsWith("\n0\n" + reply.Split('\n')[0] + "\n", reply, StringComparison.Ordinal);
        Assert.Equal(0, next.ExitCode);
    }

    [Fact]
    public async Task ASilentHalfRequestDoesNotDelayTheNextClientAndTimesOut()
    {
        using var target = await PublishedAsync();
        using var silent = await RawClient.ConnectAsync(target.SocketPath);
        await silent.SendAsync("1\0ver"u8.ToArray());
        var started = Stopwatch.StartNew();

        var next = await CliProcess.RunAsync(target.Text(), "version");
        var servedAfter = started.Elapsed;
        var silentReply = await RawClient.ReadToCloseAsync(silent, TimeSpan.FromSeconds(15));

        Assert.Equal(0, next.ExitCode);
        Assert.True(servedAfter < TimeSpan.FromSeconds(4), $"the next client waited {servedAfter}");
        Assert.StartsWith("8 the request was not complete within 5 s", silentReply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandGetsAnErrorListingTheCommands()
    {
        using var target = await PublishedAsync();

        var reply = await RawClient.ExchangeAsync(target.SocketPath, "1\0nope\0\0"u8.ToArray());

        var status = $"3 unknown command 'nope'; available: {string.Join(", ", AttachKit.Agent.Commands.CommandTable.BuiltIn().Names)}";
        Assert.Equal($"{status}\n0\n{status}\n", reply);
    }

    [Fact]
    public async Task ADisabledCommandIsRefusedAndMarkedInHelp()
    {
        using var target = await TargetApp.StartAsync("agent", "disable=version");

        var refused = await CliProcess.RunAsync(target.Text(), "version");
        var help = await CliProcess.RunAsync(target.Text(), "help");

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains($"command 'version' is disabled in process {target.Pid}", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("(disabled here)", help.Stdout.Split('\n').Single(line => line.Contains("  version", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgumentsToACommandThatTakesNoneAreInvalid()
    {
        using var target = await PublishedAsync();

        var reply = await RawClient.ExchangeAsync(target.SocketPath, "1\0version\0extra\0\0"u8.ToArray());

        Assert.Equal("6 'version' takes no arguments (got 'extra')\n0\n6 'version' takes no arguments (got 'extra')\n", reply);
    }

    [Fact]
    public async Task VersionAndHelpAnswerInJsonWhenAsked()
    {
        using var target = await PublishedAsync();

        var version = await CliProcess.RunAsync(target.Text(), "version", "--json");
        var help = await CliProcess.RunAsync(target.Text(), "help", "--json");

        using var versionJson = JsonDocument.Parse(version.Stdout);
        Assert.Equal(target.Pid, versionJson.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(Environment.Version.ToString(), versionJson.RootElement.GetProperty("runtime").GetString()!.Split(' ')[1]);
        Assert.Contains("AttachKit.TestTarget.dll", versionJson.RootElement.GetProperty("commandLine")[1].GetString(), StringComparison.Ordinal);
        using var helpJson = JsonDocument.Parse(help.Stdout);
        Assert.Equal(AttachKit.Agent.Commands.CommandTable.BuiltIn().Names, helpJson.RootElement.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.All(helpJson.RootElement.GetProperty("commands").EnumerateArray(), c => Assert.Equal("agent", c.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task TheSocatExampleFromTheProtocolDocumentWorks()
    {
        using var target = await PublishedAsync();

        var result = await Socat.SendAsync(target.SocketPath, "1\0version\0\0");

        Assert.StartsWith("0 ok\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Pid:          {target.Pid}\n", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n0\n0 ok\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAttachIsLoggedWithPeerCommandStatusAndDuration()
    {
        using var target = await PublishedAsync();

        var result = await CliProcess.RunAsync(target.Text(), "help");

        Assert.Equal(0, result.ExitCode);
        await WaitForLogAsync(target, "uid 0: help -> 0 ok in ");
    }

    private static async Task<TargetApp> PublishedAsync()
    {
        var target = await TargetApp.StartAsync("agent");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        return target;
    }

    private static async Task<string> SendAndHalfCloseAsync(string path, byte[] bytes)
    {
        using var socket = await RawClient.ConnectAsync(path);
        try
        {
            await socket.SendAsync(bytes);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Refused mid-send: the reply is still there to read.
        }

        return await RawClient.ReadToCloseAsync(socket, TimeSpan.FromSeconds(10));
    }

    internal static async Task WaitForLogAsync(TargetApp target, string text)
        => Assert.Contains(text, await target.WaitForLogAsync(text), StringComparison.Ordinal);
}
