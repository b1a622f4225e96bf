using AttachKit.Agent.Commands.Runtime;

namespace AttachKit.Agent.Tests.Commands;

public class StarvationVerdictTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(new long[] { 0, 0, 0 }, new long[] { 5, 9, 12 }, "ok")]
    [InlineData(new long[] { 40, 0, 3 }, new long[] { 5, 90, 120 }, "ok")]
    [InlineData(new long[] { 300, 301, 302 }, new long[] { 7, 7, 7 }, "starved")]
    [InlineData(new long[] { 100, 150, 200 }, new long[] { 0, 50, 90 }, "falling behind")]
    [InlineData(new long[] { 200, 150, 100 }, new long[] { 0, 50, 90 }, "busy")]
    public void TheVerdictFollowsTheQueueAndTheProgress(long[] pending, long[] completed, string verdict)
    {
        var samples = pending.Zip(completed, (p, c) => new PoolSample(p, c, Threads: 4)).ToList();

        Assert.Equal(verdict, StarvationVerdict.Judge(samples, Window).Verdict);
    }
}
