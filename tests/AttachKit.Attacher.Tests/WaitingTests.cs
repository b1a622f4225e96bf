using System.Diagnostics;
using System.Globalization;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// How an attach waits for its reply: the CLI on its own thread alone (poll(2)), ended at once by
/// Ctrl+C, which removes a half-saved file; the library either on the calling thread or without
/// holding one, both ended at once by a cancellation; and an attach that only talks to a listener
/// already up.
/// </summary>
[Trait("Category", "Cli")]
public class WaitingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // What System.Net.Sockets' engine, the thread pool and the parser's signal handling would start.
    private static readonly string[] ThreadsAWaitNeedsNot = [".NET Sockets", ".NET TP Worker", ".NET TP Gate", ".NET SigHandler"];

    [Fact]
    public async Task TheCliWaitsForAReplyWithoutStartingSocketPoolOrSignalThreads()
    {
        using var target = await TargetApp.StartAsync("plain");
        using var agent = new FakeAgent(target.SocketPath, [], holdOpen: true);
        using var cli = RunningProcess.Start([.. Artifacts.Cli, Pid(target), "version"]);
        await agent.RequestRead.WaitAsync(Timeout);
        await Task.Delay(200);

        var threads = Directory.GetDirectories($"/proc/{cli.Pid}/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))
            .ToList();

        Assert.NotEmpty(threads);
        Assert.Empty(threads.Intersect(ThreadsAWaitNeedsNot));
    }

    [Fact]
    public async Task CtrlCWhileADumpIsSavedEndsTheCliAndRemovesThePartialFile()
    {
        using var target = await TargetApp.StartAsync("plain");
        using var scratch = ScratchDirectory.Create();
        var dump = Path.Combine(scratch.Path, "app.dmp");
        using var agent = new FakeAgent(target.SocketPath, "0 ok\n5\nMDMP\n"u8.ToArray(), holdOpen: true);
        using var cli = RunningProcess.Start([.. Artifacts.Cli, Pid(target), "heap-dump", "-o", dump]);
        await WaitUntilAsync(() => File.Exists(dump + ".part"));

        cli.Signal("INT");
        var exit = await cli.WaitForExitAsync(Timeout);

        Assert.Equal(128 + 2, exit);
        Assert.False(File.Exists(dump + ".part"), "the partial dump was left behind");
        Assert.False(File.Exists(dump));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ACancelledWaitEndsAtOnce(bool onCallingThread)
    {
        using var target = await TargetApp.StartAsync("plain");
        using var agent = new FakeAgent(target.SocketPath, [], holdOpen: true);
        var client = new AttachClient(new AttachClientOptions { WaitOnCallingThread = onCallingThread });
        using var cancellation = new CancellationTokenSource();

        var sending = Task.Run(() => client.SendAsync(target.Pid, "version", cancellationToken: cancellation.Token));
        await agent.RequestRead.WaitAsync(Timeout);
        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(Timeout));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the wait ended {clock.Elapsed} after the cancellation");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BothWaysReadTheSameStreamedReply(bool onCallingThread)
    {
        using var target = await TargetApp.StartAsync("plain");
        using var agent = new FakeAgent(target.SocketPath, "0 ok\n6\nhello 6\nworld\n0\n0 ok\n"u8.ToArray());
        var client = new AttachClient(new AttachClientOptions { WaitOnCallingThread = onCallingThread });

        var body = await client.RunAsync(target.Pid, "version");

        Assert.Equal("hello world\n", body);
    }

    [Fact]
    public async Task SendingOnlyIfListeningSignalsNobodyAndUsesALiveListener()
    {
        // A plain .NET process dies of SIGQUIT, and an agent not yet triggered has no listener.
        using var plain = await TargetApp.StartAsync("plain");
        using var dormant = await TargetApp.StartAsync("agent");
        var client = new AttachClient();
        var version = new AttachRequest("version", [], ReplyFormat.Text);

        var toPlain = await client.SendIfListeningAsync(plain.Pid, version, receiveDescriptors: false);
        var toDormant = await client.SendIfListeningAsync(dormant.Pid, version, receiveDescriptors: false);
        await Task.Delay(300);

        Assert.Null(toPlain);
        Assert.Null(toDormant);
        Assert.False(plain.HasExited);
        Assert.False(File.Exists(dormant.SocketPath));

        await client.RunAsync(dormant.Pid, "version");
        using var reply = await client.SendIfListeningAsync(dormant.Pid, version, receiveDescriptors: false);
        Assert.NotNull(reply);
        Assert.Contains("Agent:", await reply.ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Timeout, "timed out waiting");
            await Task.Delay(20);
        }
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
