using AttachKit.Agent.EventPipe;

namespace AttachKit.Agent.Tests.Commands;

public class ChunkQueueTests
{
    [Fact]
    public void RentingPastTheBudgetFailsInsteadOfBlockingAndASentChunkFreesItsShare()
    {
        var budget = new ByteBudget(2 * ChunkQueue.ChunkBytes);
        using var queue = new ChunkQueue(budget);
        var first = queue.TryRent()!;
        var second = queue.TryRent()!;

        Assert.Null(queue.TryRent());
        queue.Add(first, 6);
        queue.Add(second, 1);
        var taken = queue.Take(TimeSpan.Zero, CancellationToken.None)!.Value;
        Assert.Equal(6, taken.Bytes.Length);
        queue.Release(taken.Memory);
        var third = queue.TryRent();
        Assert.NotNull(third);
        queue.Release(third);
    }

    [Fact]
    public void PollWaitsForTheNextChunkThenSaysWhenTheQueueIsFinished()
    {
        using var queue = new ChunkQueue(new ByteBudget(ChunkQueue.ChunkBytes));
        var producer = new Thread(() =>
        {
            Thread.Sleep(50);
            var chunk = queue.TryRent()!;
            chunk.Span[..3].Fill(7);
            queue.Add(chunk, 3);
            queue.Complete();
        });
        producer.Start();

        var (chunk, finished) = queue.Poll(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(finished);
        Assert.Equal([7, 7, 7], chunk!.Value.Bytes.ToArray());
        queue.Release(chunk.Value.Memory);
        producer.Join();
        Assert.Equal((null, true), queue.Poll(TimeSpan.Zero, CancellationToken.None));
        Assert.Null(queue.Take(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public void NothingWithinTheWaitIsATimeoutForTakeAndAnEmptyAnswerForPoll()
    {
        using var queue = new ChunkQueue(new ByteBudget(ChunkQueue.ChunkBytes));

        Assert.Equal((null, false), queue.Poll(TimeSpan.FromMilliseconds(20), CancellationToken.None));
        Assert.Throws<TimeoutException>(() => queue.Take(TimeSpan.FromMilliseconds(20), CancellationToken.None));
    }

    [Fact]
    public void DisposingDropsWhatIsQueuedAndGivesItsBudgetBack()
    {
        var budget = new ByteBudget(ChunkQueue.ChunkBytes);
        var queue = new ChunkQueue(budget);
        queue.Add(queue.TryRent()!, 10);
        queue.Dispose();

        using var next = new ChunkQueue(budget);
        var chunk = next.TryRent();
        Assert.NotNull(chunk);
        next.Release(chunk);
    }
}
