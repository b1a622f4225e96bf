using AttachKit.Agent.Commands.DiagnosticPort;

namespace AttachKit.Agent.Tests.Commands;

public class ChunkQueueTests
{
    [Fact]
    public void AQueueFullerThanItsCapacityOverflowsInsteadOfBlocking()
    {
        var queue = new ChunkQueue(capacityBytes: 10);
        queue.Add(new byte[6]);
        queue.Add(new byte[6]);
        queue.Add(new byte[1]);
        queue.Complete();

        Assert.True(queue.Overflowed);
        Assert.Equal(6, queue.Take(TimeSpan.Zero, out var more)?.Length);
        Assert.False(more);
        Assert.Null(queue.Take(TimeSpan.Zero, out var finished));
        Assert.True(finished);
    }

    [Fact]
    public void TakeWaitsForTheNextChunk()
    {
        var queue = new ChunkQueue(capacityBytes: 100);
        var producer = new Thread(() =>
        {
            Thread.Sleep(50);
            queue.Add([1, 2, 3]);
        });
        producer.Start();

        Assert.Equal([1, 2, 3], queue.Take(TimeSpan.FromSeconds(10), out _));
        producer.Join();
    }
}
