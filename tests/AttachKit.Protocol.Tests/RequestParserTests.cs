using System.Text;

namespace AttachKit.Protocol.Tests;

public class RequestParserTests
{
    [Fact]
    public void AnEncodedRequestParsesBackToTheSameCommandArgumentsAndFormat()
    {
        var sent = new AttachRequest("threads", ["--group", "é"], ReplyFormat.Json);

        var parsed = Parse(sent.Encode());

        Assert.Equal("threads", parsed.Command);
        Assert.Equal(["--group", "é"], parsed.Arguments);
        Assert.Equal(ReplyFormat.Json, parsed.Format);
    }

    [Fact]
    public void ARequestTypedByHandParses()
    {
        var parsed = Parse("1\0version\0\0"u8.ToArray());

        Assert.Equal("version", parsed.Command);
        Assert.Empty(parsed.Arguments);
        Assert.Equal(ReplyFormat.Text, parsed.Format);
    }

    [Fact]
    public void ARequestArrivingOneByteAtATimeParses()
    {
        var parser = new RequestParser();
        var bytes = "1\0help\0a\0\0"u8.ToArray();

        var completeAt = Enumerable.Range(0, bytes.Length).First(i => parser.Feed(bytes.AsSpan(i, 1)));

        Assert.Equal(bytes.Length - 1, completeAt);
        Assert.Equal(["a"], parser.Request.Arguments);
    }

    [Fact]
    public void AnotherVersionIsRefusedNamingTheSupportedOne()
    {
        var status = Reject("2\0version\0\0"u8.ToArray());

        Assert.Equal(StatusCode.UnsupportedVersion, status.Code);
        Assert.Contains("version 1", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACommandNameOverTheLimitIsRefusedAtTheFirstExtraByteWithoutANul()
    {
        var parser = new RequestParser();
        parser.Feed("1\0"u8);
        parser.Feed(Encoding.ASCII.GetBytes(new string('c', ProtocolLimits.MaxCommandBytes)));

        var error = Assert.Throws<RequestRejectedException>(() => parser.Feed("c"u8));

        Assert.Equal(StatusCode.BadRequest, error.Status.Code);
        Assert.Contains("command name exceeds 64 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnArgumentOverTheLimitIsRefused()
    {
        var request = Encoding.ASCII.GetBytes($"1\0cmd\0{new string('a', ProtocolLimits.MaxArgumentBytes + 1)}\0\0");

        var status = Reject(request);

        Assert.Equal(StatusCode.BadRequest, status.Code);
        Assert.Contains("argument 1 exceeds 4096 bytes", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyArgumentsAreRefused()
    {
        var request = "1\0cmd\0" + string.Concat(Enumerable.Repeat("a\0", ProtocolLimits.MaxArguments + 1)) + "\0";

        var status = Reject(Encoding.ASCII.GetBytes(request));

        Assert.Contains("more than 64 arguments", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWholeRequestOverTheLimitIsRefusedEvenWhenEachArgumentFits()
    {
        var argument = new string('a', 2000);
        var request = "1\0cmd\0" + string.Concat(Enumerable.Repeat(argument + "\0", 40)) + "\0";

        var status = Reject(Encoding.ASCII.GetBytes(request));

        Assert.Contains("request exceeds 65536 bytes", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var status = Reject([(byte)'1', 0, 0xC3, 0x28, 0, 0]);

        Assert.Equal(StatusCode.BadRequest, status.Code);
        Assert.Contains("not valid UTF-8", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyCommandNameIsRefused()
        => Assert.Contains("empty command name", Reject("1\0\0"u8.ToArray()).Message, StringComparison.Ordinal);

    [Fact]
    public void ARequestCutShortSaysWhatIsMissing()
    {
        var parser = new RequestParser();
        parser.Feed("1\0version\0"u8);

        Assert.Contains("two NULs", parser.Incomplete().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void TheEncoderRefusesStringsTheWireCannotCarry(string argument)
        => Assert.Throws<ArgumentException>(() => new AttachRequest("cmd", [argument]).Encode());

    private static AttachRequest Parse(byte[] bytes)
    {
        var parser = new RequestParser();
        Assert.True(parser.Feed(bytes));
        return parser.Request;
    }

    private static ReplyStatus Reject(byte[] bytes)
        => Assert.Throws<RequestRejectedException>(() => new RequestParser().Feed(bytes)).Status;
}
