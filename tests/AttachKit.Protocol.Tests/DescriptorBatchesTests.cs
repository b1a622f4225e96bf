namespace AttachKit.Protocol.Tests;

public class DescriptorBatchesTests
{
    [Fact]
    public void UpToTheKernelsLimitGoInOneBatchWithTheWholeBody()
    {
        var starts = Enumerable.Range(0, 253).Select(i => 10 + (i * 5)).ToArray();

        var batch = Assert.Single(DescriptorBatches.Plan(10 + (253 * 5) + 3, starts));

        Assert.Equal(new DescriptorBatches.Batch(0, 10 + (253 * 5) + 3, 0, 253), batch);
    }

    [Fact]
    public void MoreAreCutAtTheStartOfADescription()
    {
        var starts = Enumerable.Range(0, 600).Select(i => 2 + (i * 4)).ToArray();

        var batches = DescriptorBatches.Plan(2 + (600 * 4) + 2, starts);

        Assert.Equal(
            [new(0, 2 + (253 * 4), 0, 253), new(2 + (253 * 4), 2 + (506 * 4), 253, 253), new(2 + (506 * 4), 2 + (600 * 4) + 2, 506, 94)],
            batches);
    }

    [Fact]
    public void ABatchNeverExceedsTheLargestChunk()
    {
        var size = ProtocolLimits.MaxChunkBytes / 3;
        var starts = Enumerable.Range(0, 5).Select(i => i * size).ToArray();

        var batches = DescriptorBatches.Plan(5 * size, starts);

        Assert.Equal([3, 2], batches.Select(batch => batch.Count));
        Assert.All(batches, batch => Assert.True(batch.End - batch.Start <= ProtocolLimits.MaxChunkBytes));
    }

    [Fact]
    public void StartsOutsideTheBodyOrOutOfOrderAreRefused()
    {
        Assert.Throws<ArgumentException>(() => DescriptorBatches.Plan(10, [5, 3]));
        Assert.Throws<ArgumentException>(() => DescriptorBatches.Plan(10, [10]));
        Assert.Throws<ArgumentException>(() => DescriptorBatches.Plan(ProtocolLimits.MaxChunkBytes + 2, [0, ProtocolLimits.MaxChunkBytes + 1]));
    }
}
