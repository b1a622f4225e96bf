using System.Text;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// Refusals of a real agent read through docs/PROTOCOL.md's grammar: each row of its table of bad
/// requests, the other user, the status line's limit, and what happens to request bytes the agent
/// leaves unread.
/// </summary>
public class RefusalConformanceTests(NarrowAgent agent) : IClassFixture<NarrowAgent>
{
    public static TheoryData<string, byte[], bool, int, string> BadRequests() => new()
    {
        { "no bytes at all", [], true, 1, "empty request" },
        { "a half-close inside the version tag", "1"u8.ToArray(), true, 1, "request ended before its terminating empty string" },
        { "a half-close before the terminating empty string", "1\0version\0"u8.ToArray(), true, 1, "request ended before its terminating empty string" },
        { "an empty version tag", "\0version\0\0"u8.ToArray(), false, 2, "unsupported protocol version ''" },
        { "another version", "2\0version\0\0"u8.ToArray(), false, 2, "unsupported protocol version '2'" },
        { "a version tag over 8 bytes", "123456789\0version\0\0"u8.ToArray(), false, 1, "version tag exceeds 8 bytes" },
        { "a version tag that is not UTF-8", [0xff, 0, .. "version\0\0"u8], false, 1, "version tag is not valid UTF-8" },
        { "an empty command name", "1\0\0"u8.ToArray(), false, 1, "empty command name" },
        { "a command name over 64 bytes", WireRequest.Of(new string('c', 65)), false, 1, "command name exceeds 64 bytes" },
        { "a command name that is not UTF-8", [.. "1\0ver"u8, 0xc3, .. "sion\0\0"u8], false, 1, "command name is not valid UTF-8" },
        { "an argument over 4096 bytes", WireRequest.Of("version", new string('a', 4097)), false, 1, "argument 1 exceeds 4096 bytes" },
        { "an argument that is not UTF-8", [.. "1\0version\0"u8, 0xed, 0xa0, 0x80, 0, 0], false, 1, "argument 1 is not valid UTF-8" },
        { "65 arguments", WireRequest.Of(["version", .. Enumerable.Repeat("x", 65)]), false, 1, "more than 64 arguments" },
        { "a request over 65536 bytes", WireRequest.Of(["version", .. Enumerable.Repeat(new string('a', 4000), 17)]), false, 1, "request exceeds 65536 bytes" },
        { "an unknown command", WireRequest.Of("nope"), false, 3, "unknown command 'nope'; available: help, " },
        { "a disabled command", WireRequest.Of("gc"), false, 4, "command 'gc' is disabled in process " },
        { "arguments a command does not take", WireRequest.Of("version", "extra"), false, 6, "'version' takes no arguments (got 'extra')" },
        { "half a request and silence", "1\0ver"u8.ToArray(), false, 8, "the request was not complete within 5 s" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void EachBadRequestGetsTheStatusOfTheDocumentsTableAndTheWholeReplyShape(string what, byte[] request, bool halfClose, int code, string message)
    {
        using var exchange = WireClient.Exchange(agent.SocketPath, request, halfClose);

        var reply = exchange.ParseReply();

        Assert.True(reply.Opening.Code == code && reply.Opening.Message.StartsWith(message, StringComparison.Ordinal), $"{what}: {reply.Opening}");
    }

    [Theory]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    public void ARefusalEchoingMultiByteCharactersPastTheLimitIsOneValidLineAtEveryOffset(string character)
    {
        var width = Encoding.UTF8.GetByteCount(character);
        for (var offset = 0; offset < width; offset++)
        {
            var argument = new string('a', offset) + string.Concat(Enumerable.Repeat(character, 1200 / width));
            using var exchange = WireClient.Exchange(agent.SocketPath, WireRequest.Of("version", argument));

            var reply = exchange.ParseReply();

            // The grammar read the line strictly; the cut left out less than one character.
            var line = Encoding.UTF8.GetByteCount(reply.Opening.ToString()) + 1;
            Assert.Equal(6, reply.Opening.Code);
            Assert.InRange(line, DocumentGrammar.MaxStatusLineBytes - width + 1, DocumentGrammar.MaxStatusLineBytes);
        }
    }

    [Fact]
    public void BytesAfterTheRequestAreIgnoredAndWhenLeftUnreadTheConnectionResetsAfterTheWholeReply()
    {
        using var exchange = WireClient.Exchange(agent.SocketPath, [.. WireRequest.Of("nope"), .. new byte[8192]]);

        var reply = exchange.ParseReply();

        Assert.Equal(3, reply.Opening.Code);
        Assert.True(exchange.Reset, "the agent closed with request bytes unread, which resets the connection");
    }

    [Fact]
    public async Task AnotherUserGetsEaccesFromASocketOfMode0600AndStatus5WhenItCanConnect()
    {
        var closed = await OtherUser.RunAsNobodyAsync(Socat.Command(agent.SocketPath), "1\0version\0\0");
        File.SetUnixFileMode(agent.SocketPath, (UnixFileMode)Convert.ToInt32("666", 8));
        try
        {
            // No request: the refusal depends on the peer alone, and comes before any request is read. A
            // request written after it (the agent lingers only 20 ms for one) would meet a closed
            // connection, and socat, on EPIPE, quits before it prints the reply.
            var refused = await OtherUser.RunAsNobodyAsync(Socat.Command(agent.SocketPath), "");

            Assert.Contains("Permission denied", closed.Stderr, StringComparison.Ordinal);
            Assert.Equal("", closed.Stdout);
            var reply = DocumentGrammar.Parse([new WireRead(Encoding.UTF8.GetBytes(refused.Stdout), 0)]);
            Assert.Equal(5, reply.Opening.Code);
        }
        finally
        {
            File.SetUnixFileMode(agent.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
