using AttachKit.Attacher;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// The hosting integration: attaching to a Generic Host app (agent installed by AddAttachAgent,
/// logging through Microsoft.Extensions.Logging) beside the plain agent (the anchor), and the
/// app's own command and <c>loglevel</c> beside <c>version</c>. In-process client, so that the
/// target's side is what differs.
/// </summary>
internal static class HostedSuite
{
    private const int WarmUpRequests = 20;

    public static async Task RunAsync(int runs)
    {
        var client = new AttachClient();
        var plainCold = new Samples("plain agent (Install), cold (version)");
        var hostedCold = new Samples("hosted agent (AddAttachAgent), cold (version)");
        var plainWarm = new Samples("plain agent, warm (version)");
        var hostedWarm = new Samples("hosted agent, warm (version)");
        var appCommand = new Samples("hosted agent, warm app command (echo x)");
        var logLevel = new Samples("plain agent, warm loglevel <level> (2 switches)");

        using (var warmUp = await TargetApp.StartAsync("agent"))
        {
            await client.RunAsync(warmUp.Pid, "version");
        }

        for (var run = 0; run < runs; run++)
        {
            using (var target = await TargetApp.StartAsync("agent"))
            {
                await plainCold.TimeAsync(() => client.RunAsync(target.Pid, "version"));
            }

            using (var target = await TargetApp.StartAsync("hosted"))
            {
                await hostedCold.TimeAsync(() => client.RunAsync(target.Pid, "version"));
            }
        }

        using (var plain = await TargetApp.StartAsync("agent-app"))
        using (var hosted = await TargetApp.StartAsync("hosted"))
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await client.RunAsync(plain.Pid, "version");
                await client.RunAsync(plain.Pid, "loglevel", ["Debug"]);
                await client.RunAsync(hosted.Pid, "version");
                await client.RunAsync(hosted.Pid, "echo", ["x"]);
            }

            for (var run = 0; run < runs; run++)
            {
                await plainWarm.TimeAsync(() => client.RunAsync(plain.Pid, "version"));
                await hostedWarm.TimeAsync(() => client.RunAsync(hosted.Pid, "version"));
                await appCommand.TimeAsync(() => client.RunAsync(hosted.Pid, "echo", ["x"]));
                await logLevel.TimeAsync(() => client.RunAsync(plain.Pid, "loglevel", [run % 2 == 0 ? "Information" : "Debug"]));
            }
        }

        Report.Print(
            "hosted: AddAttachAgent beside Install; app command and loglevel beside version",
            [plainCold, hostedCold, plainWarm, hostedWarm, appCommand, logLevel],
            [
                ("hosted cold / plain cold", hostedCold, plainCold),
                ("hosted warm / plain warm", hostedWarm, plainWarm),
                ("app command warm / version warm (hosted)", appCommand, hostedWarm),
                ("loglevel warm / version warm (plain)", logLevel, plainWarm),
            ]);
    }
}
