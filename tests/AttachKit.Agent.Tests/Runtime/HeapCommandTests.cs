using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class HeapCommandTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task HeapShowsWhatTheTargetAllocatedAndGcGivesItBackOnceDropped()
    {
        using var target = await TargetApp.StartAsync("runtime");
        await target.SendAsync("allocate 256");

        var heap = await Attach.JsonAsync(target, "heap");
        Assert.True(heap.GetProperty("heapSizeBytes").GetInt64() >= 256 * MiB, heap.ToString());
        Assert.True(heap.GetProperty("rssBytes").GetInt64() >= 256 * MiB, heap.ToString());
        Assert.Equal(["gen0", "gen1", "gen2", "loh", "poh"], heap.GetProperty("generations").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Contains(heap.GetProperty("gcMode").GetString(), (string[])["workstation", "server"]);

        await target.SendAsync("drop");
        var gc = await Attach.JsonAsync(target, "gc", "--compact");
        var before = gc.GetProperty("heapBeforeBytes").GetInt64();
        var after = gc.GetProperty("heapAfterBytes").GetInt64();
        Assert.True(before >= 256 * MiB && after < 32 * MiB, gc.ToString());
        Assert.True(gc.GetProperty("lohCompacted").GetBoolean(), gc.ToString());

        var text = await Attach.RunAsync(target, "heap");
        Assert.Contains("Last GC:", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  loh +\d", text.Stdout);
    }
}
