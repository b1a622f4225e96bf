using AttachKit.Testing;

namespace AttachKit.Agent.Hosting.Tests;

/// <summary>The ASP.NET Core sample, run as a real process (started with SIGQUIT ignored, as CI and nohup do).</summary>
[Trait("Category", "Cli")]
public class WebApiSampleTests
{
    private const string Ready = "listening on http://127.0.0.1:";

    [Fact]
    public async Task TheSampleServesEveryRequestThroughSigquitAndThreeAttachesAndLogsDebugOnlyOnceAsked()
    {
        using var sample = await StartAsync();
        using var http = Http.ClientFor(sample);
        var loop = RequestLoop.Start(http, i => $"/primes/{i % 40 * 1000}");
        await loop.WaitForAsync(40);

        sample.Signal("QUIT");
        await sample.WaitForSocketAsync();
        var version = await CliProcess.RunAsync(sample.Text(), "version");
        var stats = await CliProcess.RunAsync(sample.Text(), "cache.stats");
        var requestsBefore = loop.Count;
        var loglevel = await CliProcess.RunAsync(sample.Text(), "loglevel", "Debug");
        await loop.StopAfterAsync(40);
        await sample.WaitForOutputAsync("DBG] primes up to ");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains("App:          AttachKit.Samples.WebApi", version.Stdout, StringComparison.Ordinal);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Matches(@"Entries:   \d+ of 1000\nHits:      \d+\nMisses:    \d+\n", stats.Stdout);
        Assert.True(loglevel.ExitCode == 0, loglevel.ToString());
        Assert.Equal("app:       Debug\nframework: Debug\n", loglevel.Stdout);
        Assert.Empty(loop.Failures);
        Assert.True(loop.Count >= requestsBefore + 40, $"{loop.Count} requests");
        Assert.False(sample.HasExited);

        // Every request logs at Debug: none of the requests before the change did, those after did.
        var output = sample.Output;
        var change = output.IndexOf("AttachKit loglevel: switch app Information -> Debug", StringComparison.Ordinal);
        Assert.True(change > 0, output);
        Assert.DoesNotContain("DBG]", output[..change], StringComparison.Ordinal);
        Assert.Contains("DBG] primes up to ", output[change..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task AShutdownSignalStillStopsTheSampleGracefullyAfterAnAttach(string signal)
    {
        using var sample = await StartAsync();
        var attach = await CliProcess.RunAsync(sample.Text(), "cache.stats");

        sample.Signal(signal);

        Assert.True(attach.ExitCode == 0, attach.ToString());
        Assert.True(sample.WaitForExit(TimeSpan.FromSeconds(15)), $"still running after SIG{signal}:\n{sample.Output}");
        Assert.Equal(0, sample.ExitCode);
        await sample.WaitForOutputAsync("webapi sample: stopping after");
        Assert.False(File.Exists(sample.SocketPath), "the socket outlived the process");
    }

    private static Task<TargetApp> StartAsync()
        => TargetApp.StartAsync("webapi", ["--Port", "0"], new TargetOptions { Program = Artifacts.SampleWebApi }, readyMarker: Ready);
}
