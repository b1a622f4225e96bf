using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

/// <summary>The method map kept between dumps, which spares an unchanged process its rundown.</summary>
[Trait("Category", "Cli")]
public class MethodCacheTests
{
    // The first dumps JIT the agent's own code (and tier it up): the process's code settles after a few.
    private const int DumpsToSettle = 10;

    [Fact]
    public async Task AnUnchangedProcessIsDumpedWithoutARundownAndNamesTheSameFrames()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        var full = await ThreadDumpCli.JsonAsync(target);
        Assert.False(full.GetProperty("methodNamesFromCache").GetBoolean());

        JsonElement cached = default;
        for (var dump = 0; dump < DumpsToSettle; dump++)
        {
            cached = await ThreadDumpCli.JsonAsync(target);
            if (cached.GetProperty("methodNamesFromCache").GetBoolean())
            {
                break;
            }
        }

        Assert.True(cached.GetProperty("methodNamesFromCache").GetBoolean(), $"{DumpsToSettle} dumps and the rundown was never left out");
        foreach (var name in new[] { "monitor-wait", "sleeper", "mre-wait", "semaphore-wait", "socket-read", "lock-owner", "lock-waiter" })
        {
            Assert.Equal(full.Named(name).Frames(), cached.Named(name).Frames());
        }

        var uncached = await ThreadDumpCli.JsonAsync(target, "--no-method-cache");
        Assert.False(uncached.GetProperty("methodNamesFromCache").GetBoolean());

        var file = Assert.Single(Directory.GetFiles(Path.Combine(ThreadDumpCli.CacheHome(target), "attachkit")));
        Assert.StartsWith($"methods-{target.Pid}-", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
    }

    [Fact]
    public async Task CodeCompiledSinceTheKeptMapBringsTheRundownBack()
    {
        const int Dumps = 5;
        using var target = await TargetApp.StartAsync("threads-jitting");
        var lastStep = -1;
        for (var dump = 0; dump < Dumps; dump++)
        {
            var json = await ThreadDumpCli.JsonAsync(target);
            var jitter = json.Named("jitter").Frames();
            Assert.DoesNotContain(jitter, frame => frame.StartsWith("<unknown", StringComparison.Ordinal));
            if (jitter is ["System.Threading.Thread.Sleep", var fresh, ..])
            {
                // A kept map may name a step compiled after its dump's sample, since the rundown comes at
                // the end of a session; it can never name a wrong one: the steps shown only go forward.
                var step = Regex.Match(fresh, @"^AttachKit\.Growing\.Step(\d+)\.Run$");
                Assert.True(step.Success, fresh);
                var number = int.Parse(step.Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.True(number >= lastStep, $"dump {dump} showed {fresh} after Step{lastStep}");
                lastStep = number;
            }
        }

        // Some dumps were taken twice: without a rundown (the assemblies had not changed), then, the
        // kept map not naming the new code, with one.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Captures(target) <= Dumps && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.InRange(Captures(target), Dumps + 1, 2 * Dumps);
    }

    private static int Captures(TargetApp target) => target.Log.Split("threads -> 0 ok").Length - 1;
}
