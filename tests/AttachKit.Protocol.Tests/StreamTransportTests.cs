namespace AttachKit.Protocol.Tests;

public class StreamTransportTests
{
    [Fact]
    public void AReadWithoutLimitReadsWhatTheStreamHasThenItsEnd()
    {
        var transport = new StreamTransport(new MemoryStream("1\0help\0\0"u8.ToArray()));
        var buffer = new byte[64];

        var first = transport.Read(buffer, Timeout.InfiniteTimeSpan);
        var end = transport.Read(buffer, Timeout.InfiniteTimeSpan);

        Assert.Equal(8, first);
        Assert.Equal(0, end);
    }

    [Fact]
    public void AReadWithALimitIsRefusedSinceAStreamCannotBeGivenUpOn()
        => Assert.Throws<NotSupportedException>(() => new StreamTransport(new MemoryStream()).Read(new byte[1], TimeSpan.FromSeconds(5)));
}
