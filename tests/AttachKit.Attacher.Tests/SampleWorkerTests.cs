using System.Globalization;
using System.Net.Sockets;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class SampleWorkerTests
{
    [Fact]
    public async Task TheSampleServesItsEchoClientsAndAnswersAnAttachWithoutStopping()
    {
        var options = new TargetOptions { Program = Artifacts.SampleWorker };
        using var sample = await TargetApp.StartAsync("sample", [], options, readyMarker: "echo server on 127.0.0.1:");
        var port = int.Parse(sample.Output.Split("127.0.0.1:")[1].Split('\n')[0].Trim(), CultureInfo.InvariantCulture);

        var version = await CliProcess.RunAsync(sample.Pid.ToString(CultureInfo.InvariantCulture), "version");
        var echoed = await EchoAsync(port, "hello");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains("App:          AttachKit.Samples.Worker", version.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("hello (jobs done: ", echoed, StringComparison.Ordinal);
        Assert.False(sample.HasExited);
        Assert.Contains("worker-1", sample.ThreadNames());
        Assert.Contains("echo-accept", sample.ThreadNames());
    }

    private static async Task<string> EchoAsync(int port, string line)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }
}
