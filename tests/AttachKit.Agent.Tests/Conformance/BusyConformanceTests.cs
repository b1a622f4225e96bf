using AttachKit.Linux;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// The busy refusal (status 9) of a real agent, read through docs/PROTOCOL.md's grammar. An agent per
/// test: one shared would still be holding the last test's slot (until it sees that connection closed)
/// when the next test's holder arrives, and refuse the holder instead.
/// </summary>
public sealed class BusyConformanceTests : IAsyncLifetime
{
    private readonly OneConnectionAgent _agent = new();

    public Task InitializeAsync() => _agent.InitializeAsync();

    public Task DisposeAsync() => _agent.DisposeAsync();

    [Fact]
    public void ABusyAgentRefusesWithoutWaitingForTheRequestAndTheLateRequestGetsEpipe()
    {
        // A silent connection holds the one slot (up to the 5 s deadline); the next is refused at once.
        using var holder = WireClient.Connect(_agent.SocketPath);
        using var refused = WireClient.Connect(_agent.SocketPath);

        using var exchange = WireClient.Receive(refused, sendFailure: null, TimeSpan.FromSeconds(4));
        var lateWrite = WireClient.Send(refused, WireRequest.Of("version"));

        var reply = exchange.ParseReply();
        Assert.Equal(9, reply.Opening.Code);
        Assert.Equal(Errno.Failure("sendmsg", null, Errno.Epipe).Message, lateWrite);
    }

    [Fact]
    public void ABusyRefusalIsReadWholeEvenWhenWritingTheRequestFailed()
    {
        using var holder = WireClient.Connect(_agent.SocketPath);

        // Written at once: the write may or may not meet a closed connection (EPIPE); the reply waits either way.
        using var exchange = WireClient.Exchange(_agent.SocketPath, WireRequest.Of("version"));

        Assert.Equal(9, exchange.ParseReply().Opening.Code);
    }
}
