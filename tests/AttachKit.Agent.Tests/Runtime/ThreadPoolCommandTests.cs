using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class ThreadPoolCommandTests
{
    [Fact]
    public async Task ThreadPoolIsOkWhenIdleAndStarvedOnceEveryThreadBlocks()
    {
        using var target = await TargetApp.StartAsync("runtime");
        var idle = await Attach.JsonAsync(target, "threadpool");
        Assert.Equal("ok", idle.GetProperty("verdict").GetString());

        await target.SendAsync("flood 300");
        var starved = await Attach.JsonAsync(target, "threadpool", "--window", "300ms");

        Assert.Equal("starved", starved.GetProperty("verdict").GetString());
        Assert.True(starved.GetProperty("pendingWorkItems").GetInt64() > 100, starved.ToString());
        Assert.Equal(0.3, starved.GetProperty("windowSeconds").GetDouble());
        var text = await Attach.RunAsync(target, "threadpool");
        Assert.Matches(@"(?m)^Verdict: +starved$", text.Stdout);
    }
}
