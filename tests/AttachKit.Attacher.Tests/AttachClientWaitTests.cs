using System.Diagnostics;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// How <see cref="AttachClient"/> waits for a reply, on the calling thread or without holding one:
/// both end at once on a cancellation and read the same reply; and an attach that only talks to a
/// listener already up.
/// </summary>
public class AttachClientWaitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ACancelledWaitEndsAtOnce(bool onCallingThread)
    {
        using var agent = await ScriptedListener.StartAsync([], holdOpen: true);
        var client = new AttachClient(new AttachClientOptions { WaitOnCallingThread = onCallingThread });
        using var cancellation = new CancellationTokenSource();

        var sending = Task.Run(() => client.SendAsync(agent.Pid, "version", cancellationToken: cancellation.Token));
        await agent.WaitForRequestAsync(Timeout);
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
        using var agent = await ScriptedListener.StartAsync("0 ok\n6\nhello 6\nworld\n0\n0 ok\n"u8.ToArray());
        var client = new AttachClient(new AttachClientOptions { WaitOnCallingThread = onCallingThread });

        var body = await client.RunAsync(agent.Pid, "version");

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
}
