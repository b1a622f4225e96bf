using System.Text;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;

namespace AttachKit.Linux.Tests;

/// <summary>Descriptors through the framing: <see cref="ReplyWriter"/> over a Unix socket, <see cref="ReplyReader"/> on the other end.</summary>
public class ReplyDescriptorsTests
{
    [Fact]
    public async Task AThousandDescriptorsArriveCompleteAndInTheOrderDescribed()
    {
        using var pair = SocketPair.Connect();
        using var files = TestFiles.Create(1000);
        var (body, starts) = Describe(files.Numbers.Count);
        var writer = new ReplyWriter(new UnixSocketTransport(pair.Sender, Timeout.InfiniteTimeSpan));
        writer.WriteWithDescriptors(body, files.Numbers.ToArray(), starts);
        writer.End(ReplyStatus.Ok);

        var reader = new ReplyReader(new UnixSocketTransport(pair.Receiver, Timeout.InfiniteTimeSpan));
        await reader.ReadStatusAsync();
        var text = await ReadBodyAsync(reader);

        Assert.Equal(Encoding.ASCII.GetString(body), text);
        Assert.Equal(StatusCode.Ok, reader.Final?.Code);
        var received = reader.TakeDescriptors();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(TestFiles.ContentOf));
        Assert.Empty(reader.Descriptors);
        foreach (var handle in received)
        {
            handle.Dispose();
        }
    }

    [Fact]
    public async Task EachDescriptorHasArrivedByTheTimeTheFirstByteOfItsChunkIsRead()
    {
        using var pair = SocketPair.Connect();
        using var files = TestFiles.Create(300);
        var (body, starts) = Describe(files.Numbers.Count);
        var writer = new ReplyWriter(new UnixSocketTransport(pair.Sender, Timeout.InfiniteTimeSpan));
        writer.Body.Write("before\n"u8);
        writer.WriteWithDescriptors(body, files.Numbers.ToArray(), starts);
        writer.Body.Write("after\n"u8);
        writer.End(ReplyStatus.Ok);

        // One byte at a time: when the byte that starts row i is returned, descriptor i is there.
        var reader = new ReplyReader(new UnixSocketTransport(pair.Receiver, Timeout.InfiniteTimeSpan));
        await reader.ReadStatusAsync();
        var position = 0;
        var one = new byte[1];
        while (await reader.ReadBodyAsync(one) > 0)
        {
            var row = Array.IndexOf(starts, position - "before\n".Length);
            if (row >= 0)
            {
                Assert.True(reader.Descriptors.Count > row, $"row {row} read before its descriptor arrived ({reader.Descriptors.Count} so far)");
            }

            position++;
        }

        Assert.Equal(300, reader.Descriptors.Count);
        foreach (var handle in reader.TakeDescriptors())
        {
            handle.Dispose();
        }
    }

    [Fact]
    public void AStreamTransportRefusesDescriptors()
    {
        var writer = new ReplyWriter(new MemoryStream());

        Assert.Throws<NotSupportedException>(() => writer.WriteWithDescriptors("row\n"u8, [0], [0]));
    }

    /// <summary>A body of one line per descriptor, and where each line starts.</summary>
    private static (byte[] Body, int[] Starts) Describe(int count)
    {
        var text = new StringBuilder("header\n");
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = text.Length;
            text.Append("descriptor ").Append(i).Append('\n');
        }

        return (Encoding.ASCII.GetBytes(text.ToString()), starts);
    }

    private static async Task<string> ReadBodyAsync(ReplyReader reader)
    {
        var body = new MemoryStream();
        await reader.CopyBodyToAsync(body);
        return Encoding.ASCII.GetString(body.ToArray());
    }
}
