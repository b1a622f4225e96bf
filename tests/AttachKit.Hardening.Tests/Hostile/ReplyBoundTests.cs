using System.Text.Json;
using AttachKit.Cli;
using AttachKit.Testing;
using AttachKit.Testing.Hostile;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// A target decides how long root's attach lasts and how much it holds: a reply that stops part-way
/// must end the attach once <c>--reply-timeout</c> (seconds of silence at any point, default 60) has
/// passed, with exit code 4; a reply that never ends must not be buffered without bound (one JSON
/// document is capped at 64 MiB: exit code 7).
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Cli")]
public class ReplyBoundTests
{
    private const string ReplyTimeout = "--reply-timeout";

    // The CLI's limit in these tests: a bound of 2 s must show well before it.
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(20);

    // It waited for the silence to last (2 s), less what a loaded machine may blur.
    private static readonly TimeSpan AtLeast = TimeSpan.FromSeconds(1.5);

    [Theory]
    [InlineData("stall-before-status")]
    [InlineData("stall-after-ok")]
    [InlineData("stall-mid-chunk")]
    public async Task AReplyThatFallsSilentEndsWithFourOnceTheReplyTimeoutPasses(string mode)
    {
        using var target = await HostileTarget.StartAsync(mode);

        var result = await CliProcess.RunBytesAsync([target.Text, "version", ReplyTimeout, "2"], CliLimit);

        Assert.False(result.TimedOut, $"attachkit still waited after {CliLimit.TotalSeconds} s; the target got {Describe(target)}; {result}");
        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        Assert.True(result.Elapsed >= AtLeast, $"it did not wait for the silence to last: {result}");
        AssertOptionNotSent(target);
    }

    [Fact]
    public async Task AHeapDumpWhoseBodyFallsSilentEndsWithFourAndLeavesNoFile()
    {
        using var target = await HostileTarget.StartAsync("stall-mid-chunk");
        using var output = ScratchDirectory.Create();

        var result = await CliProcess.RunBytesAsync([target.Text, "heap-dump", "-o", Path.Combine(output.Path, "app.dmp"), ReplyTimeout, "2"], CliLimit);

        Assert.False(result.TimedOut, $"attachkit still waited after {CliLimit.TotalSeconds} s; the target got {Describe(target)}; {result}");
        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        Assert.Empty(output.Entries());
        AssertOptionNotSent(target);
    }

    [Fact]
    public async Task AJvmListenerThatFallsSilentEndsWithFourOnceTheReplyTimeoutPasses()
    {
        using var target = await HostileTarget.StartAsync("jvm-stall", HostileTarget.LibJvm);

        var result = await CliProcess.RunBytesAsync([target.Text, "properties", ReplyTimeout, "2"], CliLimit);

        Assert.False(result.TimedOut, $"attachkit still waited after {CliLimit.TotalSeconds} s; the target got {Describe(target)}; {result}");
        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        Assert.True(result.Elapsed >= AtLeast, $"it did not wait for the silence to last: {result}");
    }

    [Fact]
    public async Task AnEndlessReplyAskedForAsJsonEndsWithSevenWithoutGrowingWithoutBound()
    {
        const long MemoryLimitKiB = 512 * 1024;
        using var target = await HostileTarget.StartAsync("endless");

        var result = await CliProcess.RunBytesAsync([target.Text, "version", "--json"], TimeSpan.FromSeconds(120), MemoryLimitKiB);

        Assert.False(result.KilledForMemory, $"attachkit passed {MemoryLimitKiB / 1024} MiB of resident memory: {result}");
        Assert.False(result.TimedOut, $"attachkit was still reading after 120 s: {result}");
        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
        using var error = JsonDocument.Parse(result.Stdout);
        Assert.Equal(ExitCodes.BrokenReply, error.RootElement.GetProperty("error").GetProperty("exitCode").GetInt32());
    }

    // --reply-timeout is attachkit's own: the target never sees it.
    private static void AssertOptionNotSent(HostileTarget target)
    {
        foreach (var request in target.Requests())
        {
            Assert.DoesNotContain(ReplyTimeout, request);
        }
    }

    private static string Describe(HostileTarget target)
        => string.Join("; ", target.Requests().Select(request => string.Join(' ', request)));
}
