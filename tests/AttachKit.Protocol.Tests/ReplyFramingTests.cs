using System.Text;

namespace AttachKit.Protocol.Tests;

public class ReplyFramingTests
{
    [Fact]
    public async Task ABodyLargerThanAChunkArrivesWholeWithItsFinalStatus()
    {
        var body = new byte[ReplyWriter.ChunkBytes * 3 + 17];
        new Random(7).NextBytes(body);
        var wire = new MemoryStream();
        var writer = new ReplyWriter(wire);
        writer.Body.Write(body);
        writer.End(ReplyStatus.Ok);

        wire.Position = 0;
        var reader = new ReplyReader(wire);
        var status = await reader.ReadStatusAsync();
        var received = new MemoryStream();
        var final = await reader.CopyBodyToAsync(received);

        Assert.True(status.IsOk);
        Assert.Equal(body, received.ToArray());
        Assert.True(final.IsOk);
    }

    [Fact]
    public void TheWireFormatIsTheOneDocumented()
    {
        var wire = new MemoryStream();
        var writer = new ReplyWriter(wire);
        writer.Body.Write("hello\n"u8);
        writer.End(new ReplyStatus(StatusCode.CommandFailed, "late failure"));

        Assert.Equal("0 ok\n6\nhello\n0\n7 late failure\n", Encoding.UTF8.GetString(wire.ToArray()));
    }

    [Fact]
    public void ARefusalCarriesItsStatusFirstAndLast()
    {
        var wire = new MemoryStream();
        new ReplyWriter(wire).End(new ReplyStatus(StatusCode.UnknownCommand, "unknown command 'x'"));

        Assert.Equal("3 unknown command 'x'\n0\n3 unknown command 'x'\n", Encoding.UTF8.GetString(wire.ToArray()));
    }

    [Fact]
    public async Task AReplyCutOffMidBodyIsReportedAsIncomplete()
    {
        var wire = new MemoryStream(Encoding.ASCII.GetBytes("0 ok\n10\nonly part"));
        var reader = new ReplyReader(wire);
        await reader.ReadStatusAsync();

        await Assert.ThrowsAsync<IncompleteReplyException>(() => reader.CopyBodyToAsync(Stream.Null));
    }

    [Fact]
    public async Task AReplyWithoutItsFinalStatusIsReportedAsIncomplete()
    {
        var reader = new ReplyReader(new MemoryStream("0 ok\n2\nhi"u8.ToArray()));
        await reader.ReadStatusAsync();

        await Assert.ThrowsAsync<IncompleteReplyException>(() => reader.CopyBodyToAsync(Stream.Null));
    }

    [Fact]
    public async Task AStatusLineLongerThanTheLimitIsAProtocolErrorEvenWithItsLineFeedInTheSameRead()
    {
        var line = System.Text.Encoding.ASCII.GetBytes("0 " + new string('x', ProtocolLimits.MaxStatusLineBytes) + "\n");
        var reader = new ReplyReader(new MemoryStream(line));

        await Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReadStatusAsync());
    }

    [Fact]
    public async Task AGarbledChunkHeaderIsAProtocolError()
    {
        var reader = new ReplyReader(new MemoryStream("0 ok\nzz\n"u8.ToArray()));
        await reader.ReadStatusAsync();

        await Assert.ThrowsAsync<ProtocolException>(() => reader.CopyBodyToAsync(Stream.Null));
    }

    [Fact]
    public async Task TheReaderAlsoTakesLeadingZerosAndUpperCaseHexWhichTheWriterNeverSends()
    {
        var reader = new ReplyReader(new MemoryStream("00 ok\n00A\n0123456789000\n007 late\n"u8.ToArray()));

        var status = await reader.ReadStatusAsync();
        var body = new MemoryStream();
        var final = await reader.CopyBodyToAsync(body);

        Assert.Equal((StatusCode.Ok, "0123456789", StatusCode.CommandFailed), (status.Code, Encoding.ASCII.GetString(body.ToArray()), final.Code));
    }

    [Fact]
    public void TheWriterSendsSizesInLowerCaseHexWithoutLeadingZeros()
    {
        var wire = new MemoryStream();
        var writer = new ReplyWriter(wire);
        writer.Body.Write(new byte[0xabc]);
        writer.End(ReplyStatus.Ok);

        Assert.StartsWith("0 ok\nabc\n", Encoding.ASCII.GetString(wire.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void BodyWritesAfterTheEndFail()
    {
        var writer = new ReplyWriter(new MemoryStream());
        writer.End(ReplyStatus.Ok);

        Assert.Throws<IOException>(() => writer.Body.Write("late"u8));
        Assert.False(writer.End(ReplyStatus.Ok));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\r\nb\rc\fd\u0085e\u2028f\u2029g")]
    [InlineData("\r\n\n\r")]
    [InlineData("one line")]
    public void AMultiLineMessageStaysOnOneStatusLineAsReplaceLineEndingsWouldPutIt(string message)
        => Assert.Equal(
            $"7 {message.ReplaceLineEndings(" ")}\n",
            Encoding.UTF8.GetString(new ReplyStatus(StatusCode.CommandFailed, message).Encode()));
}
