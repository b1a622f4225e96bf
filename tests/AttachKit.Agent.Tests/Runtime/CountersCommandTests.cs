using AttachKit.Attacher;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class CountersCommandTests
{
    [Fact]
    public async Task CountersPrintARowPerIntervalAndSeeTheQueueOfAFloodedPoolRise()
    {
        using var target = await TargetApp.StartAsync("runtime");
        var calm = await Attach.JsonAsync(target, "counters");
        Assert.Equal(0, calm.GetProperty("threadPoolQueueLength").GetInt64());

        await target.SendAsync("flood 300");
        var result = await Attach.RunAsync(target, "counters", "--interval", "1", "--count", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.FindIndex(lines, line => line.StartsWith("TIME ", StringComparison.Ordinal));
        Assert.True(header >= 0, result.Stdout);
        var rows = lines[(header + 1)..];
        Assert.Equal(3, rows.Length);
        var queueColumn = lines[header].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList().IndexOf("QUEUE");
        Assert.All(rows, row => Assert.True(long.Parse(Cells(row)[queueColumn + SizesBeforeQueue]) > 100, result.Stdout));
    }

    [Fact]
    public async Task CountersInJsonStreamOneDocumentWithASamplePerInterval()
    {
        using var target = await TargetApp.StartAsync("runtime");

        var counters = await Attach.JsonAsync(target, "counters", "--interval", "200ms", "--count", "2");

        var samples = counters.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(2, samples.Count);
        Assert.All(samples, sample => Assert.True(sample.GetProperty("rssBytes").GetInt64() > 0));
        Assert.Equal(0.2, counters.GetProperty("intervalSeconds").GetDouble());
        Assert.True(samples[0].GetProperty("exceptionsPerSecond").ValueKind == System.Text.Json.JsonValueKind.Number, samples[0].ToString());
    }

    [Fact]
    public async Task ACountAloneTakesARowEverySecondAsVmstatDoes()
    {
        using var target = await TargetApp.StartAsync("runtime");

        var counters = await Attach.JsonAsync(target, "counters", "--count", "2");

        Assert.Equal(2, counters.GetProperty("samples").GetArrayLength());
        Assert.Equal(1, counters.GetProperty("intervalSeconds").GetDouble());
    }

    [Fact]
    public async Task CountersCountTheTargetsExceptionsWhileTheCommandsThemselvesThrowNone()
    {
        using var target = await TargetApp.StartAsync("runtime");
        foreach (var command in (string[])["heap", "gc", "counters", "threadpool", "env", "assemblies", "version", "help"])
        {
            Assert.Equal(0, (await Attach.RunAsync(target, command)).ExitCode);
        }

        Assert.Equal(0, (await Attach.JsonAsync(target, "counters")).GetProperty("exceptions").GetInt64());
        await target.SendAsync("throw 7");
        Assert.Equal(7, (await Attach.JsonAsync(target, "counters")).GetProperty("exceptions").GetInt64());
    }

    [Fact]
    public async Task AClientThatLeavesAStreamingCommandEndsItQuietly()
    {
        using var target = await TargetApp.StartAsync("runtime");
        using (var reply = await new AttachClient().SendAsync(target.Pid, "counters", ["--interval", "200ms", "--count", "100"]))
        {
            Assert.True(await reply.ReadAsync(new byte[64]) > 0);
        }

        Assert.Contains("counters -> 7 the client stopped reading the reply of 'counters'", await target.WaitForLogAsync("counters -> 7"), StringComparison.Ordinal);
        Assert.DoesNotContain("command counters failed", target.Log, StringComparison.Ordinal);
    }

    // RSS, heap and allocation rate come before the queue, and each is two words ("12.3 MiB").
    private const int SizesBeforeQueue = 3;

    private static string[] Cells(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
