using System.Globalization;
using System.Text;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// fd-export of 300 descriptors from a real agent, received with recvmsg(2) and read by docs/PROTOCOL.md
/// §3.1: batches of at most 253, each with the read that returns the first byte of its chunk, each chunk
/// describing exactly its batch, numbered in arrival order.
/// </summary>
public class DescriptorConformanceTests(ManyDescriptorsAgent agent) : IClassFixture<ManyDescriptorsAgent>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreeHundredDescriptorsComeInTwoBatchesEachWithTheChunkThatDescribesIt(bool json)
    {
        var numbers = DescriptorNumbers.Parse(agent.Target.Facts("many-fds")["fds"]);
        var ranges = agent.Target.Facts("many-fds")["fds"];
        using var exchange = WireClient.Exchange(agent.SocketPath, json ? WireRequest.Of("fd-export", ranges, "--json") : WireRequest.Of("fd-export", ranges));

        var reply = exchange.ParseReply();

        Assert.Equal((0, 0), (reply.Opening.Code, reply.Final.Code));
        Assert.Equal([253, 47], reply.Batches.Where(batch => batch > 0));
        var rows = json ? "\"index\":" : "\n";
        for (var i = 0; i < reply.Chunks.Count; i++)
        {
            var chunk = reply.Chunks[i];
            var text = Encoding.UTF8.GetString(exchange.Reads.SelectMany(read => read.Bytes).Skip(chunk.End - chunk.Size).Take(chunk.Size).ToArray());
            var described = text.Split(rows).Length - 1 - (json || i > 0 ? 0 : 1);
            Assert.True(reply.Batches[i] == described, $"chunk {i} carries {reply.Batches[i]} descriptors and describes {described}");
        }

        // Descriptor i is the i-th file asked for: file i holds its number i.
        Assert.Equal(numbers.Count, exchange.Descriptors.Count);
        Assert.Equal(
            Enumerable.Range(0, numbers.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            exchange.Descriptors.Select(descriptor => File.ReadAllText($"/proc/self/fd/{descriptor.DangerousGetHandle()}")));
    }
}
