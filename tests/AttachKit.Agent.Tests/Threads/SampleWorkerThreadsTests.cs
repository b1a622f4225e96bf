using System.Net.Sockets;
using System.Text.RegularExpressions;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

[Trait("Category", "Cli")]
public partial class SampleWorkerThreadsTests
{
    [Fact]
    public async Task TheSampleAppsNamedThreadsShowTheirRealFrames()
    {
        using var worker = await TargetApp.StartAsync("sample", [], new TargetOptions { Program = Artifacts.SampleWorker }, readyMarker: "attach with:");
        var port = int.Parse(EchoPort().Match(worker.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!worker.Threads().Values.Contains("echo-client") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var dump = await ThreadDumpCli.JsonAsync(worker);
        for (var i = 1; i <= 4; i++)
        {
            var frames = dump.Named($"worker-{i}").Frames();
            Assert.Contains("AttachKit.Samples.Worker.JobQueue.RunNext", frames);
            Assert.Contains("AttachKit.Samples.Worker.WorkerPool.Work", frames);
        }

        Assert.Contains("AttachKit.Samples.Worker.EchoServer.Accept", dump.Named("echo-accept").Frames());
        Assert.Contains("System.Net.Sockets.TcpListener.AcceptTcpClient", dump.Named("echo-accept").Frames());
        Assert.Contains("AttachKit.Samples.Worker.EchoServer.Serve", dump.Named("echo-client").Frames());
    }

    [GeneratedRegex(@"echo server on 127\.0\.0\.1:(\d+)")]
    private static partial Regex EchoPort();
}
