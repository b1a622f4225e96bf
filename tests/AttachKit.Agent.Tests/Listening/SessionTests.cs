using System.Diagnostics;
using AttachKit.Agent.Commands;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Listening;

/// <summary>
/// A session's every outcome, served in this process over a socket pair (<see cref="InMemoryAgent"/>):
/// no listener, no target process. What a client reads is read back with the protocol's reply reader.
/// </summary>
public class SessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnAppCommandIsServedOverASocketPairWithNoListener()
    {
        var agent = new InMemoryAgent(new AttachAgentOptions().AddCommand("hello", "greets", (request, output, _) =>
        {
            output.Write($"hello {string.Join(' ', request.Arguments)}");
            return ReplyStatus.Ok;
        }));

        using var client = agent.Connect(InMemoryAgent.Owner, "1\0hello\0world\0\0");
        var reply = await client.ReadReplyAsync();

        Assert.Equal(new InMemoryAgent.Reply(ReplyStatus.Ok, "hello world", ReplyStatus.Ok), reply);
    }

    [Fact]
    public async Task ARequestThatDripsInAndNeverEndsGetsStatus8AtTheRequestDeadline()
    {
        var agent = new InMemoryAgent(new AttachAgentOptions());
        var started = Stopwatch.StartNew();
        using var client = agent.Connect(InMemoryAgent.Owner, "1\0version\0");
        using var stop = new CancellationTokenSource();

        // A byte of an argument every 100 ms: the request grows all the time and never ends.
        var drip = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    client.Send("a");
                    await Task.Delay(100, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The agent closed the connection, or the reply has been read.
            }
        });
        var reply = await client.ReadReplyAsync();
        var answeredAfter = started.Elapsed;
        await stop.CancelAsync();
        await drip;

        var timedOut = new ReplyStatus(StatusCode.TimedOut, "the request was not complete within 5 s");
        Assert.Equal(new InMemoryAgent.Reply(timedOut, "", timedOut), reply);
        Assert.InRange(answeredAfter, ProtocolLimits.RequestDeadline, ProtocolLimits.RequestDeadline + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ACommandPastItsDeadlineGetsStatus8AndIsAbandoned()
    {
        // Deaf to its cancellation: only the end of the test lets it go.
        using var testEnded = new ManualResetEventSlim();
        var options = new AttachAgentOptions { CommandTimeout = TimeSpan.FromMilliseconds(300) }
            .AddCommand("stuck", "ignores its deadline", (_, _, _) =>
            {
                testEnded.Wait();
                return ReplyStatus.Ok;
            });
        var agent = new InMemoryAgent(options);
        var started = Stopwatch.StartNew();

        using var client = agent.Connect(InMemoryAgent.Owner, "1\0stuck\0\0");
        var reply = await client.ReadReplyAsync();
        testEnded.Set();

        var timedOut = new ReplyStatus(StatusCode.TimedOut, "command 'stuck' did not finish within 0.3 s");
        Assert.Equal(new InMemoryAgent.Reply(timedOut, "", timedOut), reply);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task AConnectionBeyondTheMaximumGetsStatus9WhileTheFirstIsServed()
    {
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var options = new AttachAgentOptions { MaxConnections = 1 }.AddCommand("hold", "holds its slot", (_, output, cancellation) =>
        {
            running.Set();
            release.Wait(cancellation);
            output.Write("released");
            return ReplyStatus.Ok;
        });
        var agent = new InMemoryAgent(options);
        using var first = agent.Connect(InMemoryAgent.Owner, "1\0hold\0\0");
        Assert.True(running.Wait(Patience), "the first command did not start");

        using var second = agent.Connect(InMemoryAgent.Owner, "1\0hold\0\0");
        var refused = await second.ReadReplyAsync();
        release.Set();
        var served = await first.ReadReplyAsync();

        var busy = new ReplyStatus(StatusCode.Busy, "the agent is serving 1 connections already; try again");
        Assert.Equal(new InMemoryAgent.Reply(busy, "", busy), refused);
        Assert.Equal(new InMemoryAgent.Reply(ReplyStatus.Ok, "released", ReplyStatus.Ok), served);
    }

    [Fact]
    public async Task AnotherUsersClientGetsStatus5AndItsRequestIsNeverRun()
    {
        var ran = false;
        var agent = new InMemoryAgent(new AttachAgentOptions().AddCommand("mine", "the owner's", (_, _, _) =>
        {
            ran = true;
            return ReplyStatus.Ok;
        }));

        using var client = agent.Connect(InMemoryAgent.Stranger, "1\0mine\0\0");
        var reply = await client.ReadReplyAsync();

        var denied = new ReplyStatus(
            StatusCode.PermissionDenied,
            $"uid {InMemoryAgent.Stranger.Uid} may not attach to process {Environment.ProcessId}: only its owner (uid {InMemoryAgent.Owner.Uid}) and root may");
        Assert.Equal(new InMemoryAgent.Reply(denied, "", denied), reply);
        Assert.False(ran);
        Assert.Contains(agent.Logged, line => line.Contains($"uid {InMemoryAgent.Stranger.Uid}: \"-\" -> 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownCommandGetsStatus3ListingEveryCommand()
    {
        var agent = new InMemoryAgent(new AttachAgentOptions().AddCommand("cache.clear", "empties the cache", (_, _, _) => ReplyStatus.Ok));

        using var client = agent.Connect(InMemoryAgent.Owner, "1\0nope\0\0");
        var reply = await client.ReadReplyAsync();

        Assert.Equal(StatusCode.UnknownCommand, reply.Status.Code);
        Assert.Equal(reply.Status, reply.Final);
        Assert.Equal("", reply.Body);
        const string Prefix = "unknown command 'nope'; available: ";
        Assert.StartsWith(Prefix, reply.Status.Message, StringComparison.Ordinal);
        Assert.Equal(agent.Commands.All.Select(command => command.Name), reply.Status.Message[Prefix.Length..].Split(", "));
        Assert.Contains("cache.clear", reply.Status.Message[Prefix.Length..].Split(", "));
    }

    [Theory]
    [InlineData("9\0version\0\0", StatusCode.UnsupportedVersion, "unsupported protocol version '9'; this agent speaks version 1")]
    [InlineData("1\0CCCC\0\0", StatusCode.BadRequest, "command name exceeds 64 bytes")]
    [InlineData("1\0\u00ff\0\0", StatusCode.BadRequest, "command name is not valid UTF-8")]
    [InlineData("1\0version\0MANY\0", StatusCode.BadRequest, "more than 64 arguments")]
    public async Task AMalformedRequestGetsStatus1Or2(string request, StatusCode code, string message)
    {
        var agent = new InMemoryAgent(new AttachAgentOptions());

        using var client = agent.Connect(InMemoryAgent.Owner);
        client.Send(request
            .Replace("CCCC", new string('c', 65), StringComparison.Ordinal)
            .Replace("MANY", string.Concat(Enumerable.Repeat("x\0", 70)), StringComparison.Ordinal));
        var reply = await client.ReadReplyAsync();

        var rejected = new ReplyStatus(code, message);
        Assert.Equal(new InMemoryAgent.Reply(rejected, "", rejected), reply);
    }

    [Fact]
    public async Task ACommandThatThrowsAfterItsFirstOutputEndsWithStatus7AndNothingEscapes()
    {
        var agent = new InMemoryAgent(new AttachAgentOptions().AddCommand("boom", "fails halfway", (_, output, _) =>
        {
            output.Write("partial");
            output.Flush();
            throw new InvalidOperationException("broken");
        }));

        using var client = agent.Connect(InMemoryAgent.Owner, "1\0boom\0\0");
        var reply = await client.ReadReplyAsync();

        var failed = new ReplyStatus(StatusCode.CommandFailed, "command 'boom' failed: InvalidOperationException: broken");
        Assert.Equal(new InMemoryAgent.Reply(ReplyStatus.Ok, "partial", failed), reply);
        Assert.Contains(agent.Logged, line => line.StartsWith("AttachKit command \"boom\" failed [InvalidOperationException: broken]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailureOfTheAgentAroundACommandEndsWithStatus10AndNothingEscapes()
    {
        var agent = new InMemoryAgent(new AttachAgentOptions(), new UnbudgetedCommand());

        using var client = agent.Connect(InMemoryAgent.Owner, "1\0unbudgeted\0\0");
        var reply = await client.ReadReplyAsync();

        var error = new ReplyStatus(StatusCode.InternalError, "agent error: no budget");
        Assert.Equal(new InMemoryAgent.Reply(error, "", error), reply);
        Assert.Contains(agent.Logged, line => line.StartsWith("AttachKit agent failed serving \"unbudgeted\" [InvalidOperationException: no budget]", StringComparison.Ordinal));
    }

    // Breaks IAttachCommand's promise that Budget never throws: the failure is the agent's, on the session's own thread.
    private sealed class UnbudgetedCommand : IAttachCommand
    {
        public string Name => "unbudgeted";

        public string Summary => "cannot say how long it takes";

        public TimeSpan Budget(IReadOnlyList<string> arguments, TimeSpan commandTimeout) => throw new InvalidOperationException("no budget");

        public ReplyStatus Execute(CommandContext context) => ReplyStatus.Ok;
    }
}
