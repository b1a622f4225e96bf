using System.Text;

namespace AttachKit.Protocol.Tests;

public class StatusLineEncodingTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static TheoryData<string> Characters => new() { "é", "€", "😀" };

    [Theory]
    [MemberData(nameof(Characters))]
    public void ALongMessageIsCutOnACharacterBoundaryAtEveryOffsetNearTheLimit(string character)
    {
        var width = Encoding.UTF8.GetByteCount(character);
        var limit = ProtocolLimits.MaxStatusLineBytes - 1;

        // "7 " and the ASCII prefix put the first multi-byte character at every offset that lets one
        // straddle the limit, or end just before it, or start just after it.
        for (var prefix = limit - 2 - (3 * width); prefix <= limit; prefix++)
        {
            var message = new string('a', prefix) + string.Concat(Enumerable.Repeat(character, 8));
            var full = "7 " + message;

            var encoded = new ReplyStatus(StatusCode.CommandFailed, message).Encode();

            var line = StrictLine(encoded);
            Assert.InRange(encoded.Length, 1, ProtocolLimits.MaxStatusLineBytes);
            Assert.StartsWith(line, full, StringComparison.Ordinal);

            // Nothing more is cut than the character that would not fit whole.
            var next = full[line.Length..];
            var nextWidth = Encoding.UTF8.GetByteCount(next[..(char.IsHighSurrogate(next[0]) ? 2 : 1)]);
            Assert.True(Encoding.UTF8.GetByteCount(line) + nextWidth > limit, $"prefix {prefix}: cut at {line.Length} chars, one more would fit");
        }
    }

    [Theory]
    [MemberData(nameof(Characters))]
    public void AMessageThatFitsIsNotCut(string character)
    {
        var message = new string('a', ProtocolLimits.MaxStatusLineBytes - 3 - Encoding.UTF8.GetByteCount(character)) + character;

        var encoded = new ReplyStatus(StatusCode.CommandFailed, message).Encode();

        Assert.Equal(ProtocolLimits.MaxStatusLineBytes, encoded.Length);
        Assert.Equal("7 " + message, StrictLine(encoded));
    }

    [Fact]
    public void ALoneSurrogateIsSentAsTheReplacementCharacter()
    {
        var encoded = new ReplyStatus(StatusCode.InvalidArguments, "bad \ud800 half").Encode();

        Assert.Equal("6 bad \ufffd half", StrictLine(encoded));
    }

    [Fact]
    public void ARefusalWithALongMultiByteMessageIsValidUtf8InItsOpeningAndFinalLines()
    {
        var status = new ReplyStatus(StatusCode.UnknownCommand, "unknown command 'x'; available: " + string.Concat(Enumerable.Repeat("€", 400)));
        var wire = new MemoryStream();

        new ReplyWriter(wire).End(status);

        // Opening status, end chunk, final status.
        var lines = StrictUtf8.GetString(wire.ToArray()).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("0", lines[1]);
        Assert.Equal(lines[0], lines[2]);
        Assert.Equal("", lines[3]);
        Assert.InRange(Encoding.UTF8.GetByteCount(lines[0]), 1, ProtocolLimits.MaxStatusLineBytes - 1);
    }

    // The line without its line feed, decoded strictly: one line feed, at the end, and valid UTF-8 before it.
    private static string StrictLine(byte[] encoded)
    {
        Assert.Equal((byte)'\n', encoded[^1]);
        Assert.DoesNotContain((byte)'\n', encoded[..^1]);
        return StrictUtf8.GetString(encoded, 0, encoded.Length - 1);
    }
}
