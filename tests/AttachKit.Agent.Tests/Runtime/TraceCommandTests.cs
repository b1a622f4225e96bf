using AttachKit.Attacher;
using AttachKit.Testing;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class TraceCommandTests
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    [Fact]
    public async Task TraceOfAStarvedTargetSavesANettraceWithTheRequestedProviderAndItsSpeedscope()
    {
        using var target = await TargetApp.StartAsync("runtime");
        await target.SendAsync("spin");
        await target.SendAsync("flood 200");
        using var here = ScratchDirectory.Create();

        var result = await Attach.RunInAsync(here.Path, target, "trace", "--duration", "2s", "--providers", SampleProfiler, "-o", "t.nettrace", "--format", "speedscope");

        Assert.True(result.ExitCode == 0, result.ToString());
        var samples = 0;
        using (var source = new EventPipeEventSource(Path.Combine(here.Path, "t.nettrace")))
        {
            new SampleProfilerTraceEventParser(source).ThreadSample += sample => samples++;
            Assert.True(source.Process(), "the trace did not parse to its end");
        }

        // The spinning thread alone is sampled about every millisecond for 2 s.
        Assert.True(samples > 1000, $"{samples} samples");
        var speedscope = await File.ReadAllTextAsync(Path.Combine(here.Path, "t.speedscope.json"));
        Assert.Contains("speedscope", speedscope, StringComparison.Ordinal);
        Assert.Contains("SpinForever", speedscope, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProvidersArgumentsReachTheRuntime()
    {
        using var target = await TargetApp.StartAsync("runtime");
        using var here = ScratchDirectory.Create();

        // The counters profile asks System.Runtime for EventCounterIntervalSec=1: without it no counter is ever sent.
        var result = await Attach.RunInAsync(here.Path, target, "trace", "--duration", "3s", "--profile", "counters", "-o", "c.nettrace");

        Assert.True(result.ExitCode == 0, result.ToString());
        var counters = 0;
        using (var source = new EventPipeEventSource(Path.Combine(here.Path, "c.nettrace")))
        {
            source.Dynamic.All += data => counters += data.ProviderName == "System.Runtime" && data.EventName == "EventCounters" ? 1 : 0;
            Assert.True(source.Process(), "the trace did not parse to its end");
        }

        Assert.True(counters > 0, "no System.Runtime counter in the trace");
    }

    [Fact]
    public async Task AClientThatStopsReadingATraceStallsNeitherTheTargetNorKeepsItsSession()
    {
        using var target = await TargetApp.StartAsync("runtime");
        await target.SendAsync("spin");
        var client = new AttachClient();

        // The reply is never read: the agent's socket buffer fills and its writes block.
        using (var reply = await client.SendAsync(target.Pid, "trace", ["--duration", "1s", "--profile", "cpu"]))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var heap = await Attach.RunAsync(target, "heap");
            Assert.True(heap.ExitCode == 0, heap.ToString());

            // The send times out (10 s), the session stops, and the attach is recorded as failed.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!target.Log.Contains("trace -> 7", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Contains("trace -> 7", target.Log, StringComparison.Ordinal);
        }

        var after = await Attach.JsonAsync(target, "counters");
        Assert.True(after.GetProperty("rssBytes").GetInt64() > 0);
        Assert.DoesNotContain(target.ThreadNames(), name => name == "attach-trace");
    }

    [Theory]
    [InlineData("--format", "flamegraph", "-o", "t.nettrace", "--format 'flamegraph' is not nettrace or speedscope")]
    [InlineData("--format=speedscope", "-o", "-", "", "--format speedscope needs -o <file>")]
    [InlineData("--duration", "2s", "-o", "/no/such/dir/t.nettrace", "directory /no/such/dir does not exist")]
    public async Task BadClientOptionsAreRefusedBeforeAttaching(string a, string b, string c, string d, string message)
    {
        var result = await CliProcess.RunAsync(((string[])["1", "trace", a, b, c, d]).Where(argument => argument.Length > 0).ToArray());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
