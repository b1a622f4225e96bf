using System.Diagnostics;
using System.Globalization;
using AttachKit.Attacher;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// The foundation: attaching and one small request, cold (listener not up yet: signal → socket →
/// request → reply) and warm (listener up, both sides' code paths warm), in-process and through
/// the CLI (its native build, see <see cref="NativeBuilds.Cli"/>, and <c>dotnet attachkit.dll</c>), beside
/// jattach on a JVM.
/// </summary>
internal static class AttachSuite
{
    private const int WarmUpRequests = 20;

    public static async Task RunAsync(int runs)
    {
        IReadOnlyList<string> native = [NativeBuilds.Cli()];
        var client = new AttachClient();
        var publication = new Samples("target: kill → socket file in place");
        var clientCold = new Samples("AttachClient in-process, cold (version)");
        var clientWarm = new Samples("AttachClient in-process, warm (version)");
        var nativeCold = new Samples("attachkit CLI (native), cold");
        var nativeWarm = new Samples("attachkit CLI (native), warm");
        var cliCold = new Samples("attachkit CLI (dotnet attachkit.dll), cold");
        var cliWarm = new Samples("attachkit CLI (dotnet attachkit.dll), warm");
        var jattachCold = new Samples("jattach <jvm> properties, cold");
        var jattachWarm = new Samples("jattach <jvm> properties, warm");

        // JIT this process's client code first, so that "cold" measures the target, not the benchmark.
        using (var warmUp = await TargetApp.StartAsync("agent"))
        {
            await client.RunAsync(warmUp.Pid, "version");
        }

        for (var run = 0; run < runs; run++)
        {
            using (var target = await TargetApp.StartAsync("agent"))
            {
                await clientCold.TimeAsync(() => client.RunAsync(target.Pid, "version"));
            }

            using (var target = await TargetApp.StartAsync("agent"))
            {
                publication.Add(TimePublication(target));
            }

            using (var target = await TargetApp.StartAsync("agent"))
            {
                await nativeCold.TimeAsync(() => RunCli(native, target.Pid));
            }

            using (var target = await TargetApp.StartAsync("agent"))
            {
                await cliCold.TimeAsync(() => RunCli(Artifacts.DotnetCli, target.Pid));
            }

            using var jvm = JvmTarget.Start();
            await jattachCold.TimeAsync(() => Jattach(jvm.Pid));
        }

        // Warm, both targets at once; the native CLI and jattach interleaved run by run, so that the machine's
        // moods reach both alike. The in-process client and the JIT CLI each have a loop of their own: this
        // process recompiles its code in the background as it warms up, and a `dotnet` process leaves work
        // behind it (measured: the native CLI took 0.5 ms longer right after one), either of which would slow
        // the program timed next.
        using (var target = await TargetApp.StartAsync("agent"))
        using (var jvm = JvmTarget.Start())
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await client.RunAsync(target.Pid, "version");
                await Jattach(jvm.Pid);
            }

            for (var run = 0; run < runs; run++)
            {
                await clientWarm.TimeAsync(() => client.RunAsync(target.Pid, "version"));
            }

            for (var run = 0; run < runs; run++)
            {
                await nativeWarm.TimeAsync(() => RunCli(native, target.Pid));
                await jattachWarm.TimeAsync(() => Jattach(jvm.Pid));
            }

            for (var run = 0; run < runs; run++)
            {
                await cliWarm.TimeAsync(() => RunCli(Artifacts.DotnetCli, target.Pid));
            }
        }

        Report.Print(
            "attach: signal → socket → request → reply",
            [publication, clientCold, clientWarm, nativeCold, nativeWarm, cliCold, cliWarm, jattachCold, jattachWarm],
            [
                ("in-process cold / jattach cold", clientCold, jattachCold),
                ("in-process warm / jattach warm", clientWarm, jattachWarm),
                ("native CLI cold / jattach cold (goal ≤ 0.5)", nativeCold, jattachCold),
                ("native CLI warm / jattach warm (goal ≤ 2)", nativeWarm, jattachWarm),
                ("dotnet CLI cold / jattach cold", cliCold, jattachCold),
                ("dotnet CLI warm / jattach warm", cliWarm, jattachWarm),
            ]);
    }

    // What the target alone costs on the first signal: from kill(2) to the socket's rename into place.
    private static double TimePublication(TargetApp target)
    {
        var started = Stopwatch.GetTimestamp();
        target.Signal("QUIT");
        while (!File.Exists(target.SocketPath))
        {
            Thread.SpinWait(50);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static Task RunCli(IReadOnlyList<string> cli, int pid)
        => Programs.RunAsync(cli[0], [.. cli.Skip(1), pid.ToString(CultureInfo.InvariantCulture), "version"]);

    private static Task Jattach(int pid) => Programs.RunAsync("jattach", pid.ToString(CultureInfo.InvariantCulture), "properties");
}
