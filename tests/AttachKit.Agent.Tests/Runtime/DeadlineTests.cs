using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class DeadlineTests
{
    [Fact]
    public async Task CommandsThatRunForAGivenTimeGetItOnTopOfTheCommandTimeout()
    {
        // A two-second command timeout: each of these runs longer, as its arguments say it will. In
        // parallel, to keep the test short; the timeout is still the margin for a trace's start and rundown.
        using var target = await TargetApp.StartAsync("runtime", "timeout=2");

        var runs = await Task.WhenAll(
            Attach.RunAsync(target, "counters", "--interval", "800ms", "--count", "4"),
            Attach.RunAsync(target, "trace", "--duration", "3s", "--profile", "gc-collect", "-o", "-"),
            Attach.RunAsync(target, "threadpool", "--window", "3s"));
        var (counters, trace, pool) = (runs[0], runs[1], runs[2]);

        Assert.True(counters.ExitCode == 0, counters.ToString());
        Assert.Equal(4, counters.Stdout.Split('\n').Count(line => line.Length > 0 && char.IsDigit(line[0])));
        Assert.True(trace.ExitCode == 0, trace.Stderr);
        Assert.StartsWith("Nettrace", trace.Stdout, StringComparison.Ordinal);
        Assert.True(pool.ExitCode == 0, pool.ToString());
    }

    [Fact]
    public async Task ACommandPastItsDeadlineTimesOut()
    {
        using var target = await TargetApp.StartAsync("runtime", "timeout=0.3");

        // Writing a full dump takes about a second here: it cannot fit in 0.3 s.
        var dump = await Attach.RunAsync(target, "heap-dump", "--type", "full", "-o", "-");

        Assert.Equal(4, dump.ExitCode);
        Assert.Contains("did not finish within", dump.Stderr, StringComparison.Ordinal);

        // The abandoned command ends quietly once its dump is written: no warning in the app's log.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (target.Scratch.Entries().Any(entry => entry.StartsWith("attachkit-dump", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500);
        Assert.DoesNotContain("command heap-dump failed", target.Log, StringComparison.Ordinal);
    }
}
