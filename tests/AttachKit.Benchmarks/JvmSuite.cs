using System.Globalization;
using AttachKit.Attacher.Jvm;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// attachkit on a HotSpot JVM beside the JVM's own tools: <c>jcmd VM.version</c> through the attachkit
/// CLI, jattach and jcmd, with the listener up (warm), and on a fresh JVM each run (cold: trigger
/// file, SIGQUIT, listener start).
/// </summary>
internal static class JvmSuite
{
    private const int WarmUpRequests = 20;
    private const string NoSuchPid = "4194305";

    public static async Task RunAsync(int runs)
    {
        var client = new HotSpotClient();
        var request = HotSpotRequest.Jcmd(["VM.version"]);
        var inProcessWarm = new Samples("HotSpotClient in-process, warm");
        var cliWarm = new Samples("attachkit <jvm> jcmd VM.version, warm");
        var jattachWarm = new Samples("jattach <jvm> jcmd VM.version, warm");
        var jcmdWarm = new Samples("jcmd <jvm> VM.version, warm");
        var cliStartup = new Samples("attachkit startup alone (no such pid, exit 2)");
        var inProcessCold = new Samples("HotSpotClient in-process, cold");
        var cliCold = new Samples("attachkit <jvm> jcmd VM.version, cold");
        var jattachCold = new Samples("jattach <jvm> jcmd VM.version, cold");

        using (var jvm = JvmTarget.Start())
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await client.RunAsync(jvm.Pid, request);
                await Jattach(jvm.Pid);
            }

            for (var run = 0; run < runs; run++)
            {
                await inProcessWarm.TimeAsync(() => client.RunAsync(jvm.Pid, request));
                await cliWarm.TimeAsync(() => Cli(jvm.Pid));
                await jattachWarm.TimeAsync(() => Jattach(jvm.Pid));
                await jcmdWarm.TimeAsync(() => Programs.RunAsync("jcmd", Pid(jvm.Pid), "VM.version"));
                await cliStartup.TimeAsync(() => Programs.RunAsync(ExitCodes.NoSuchProcess, Artifacts.Cli[0], [.. Artifacts.Cli.Skip(1), NoSuchPid, "jcmd", "VM.version"]));
            }
        }

        for (var run = 0; run < runs; run++)
        {
            using (var jvm = JvmTarget.Start())
            {
                await inProcessCold.TimeAsync(() => client.RunAsync(jvm.Pid, request));
            }

            using (var jvm = JvmTarget.Start())
            {
                await cliCold.TimeAsync(() => Cli(jvm.Pid));
            }

            using (var jvm = JvmTarget.Start())
            {
                await jattachCold.TimeAsync(() => Jattach(jvm.Pid));
            }
        }

        Report.Print(
            "jvm: jcmd VM.version on a HotSpot JVM",
            [inProcessWarm, cliStartup, cliWarm, jattachWarm, jcmdWarm, inProcessCold, cliCold, jattachCold],
            [
                ("CLI warm / jattach warm", cliWarm, jattachWarm),
                ("CLI warm / jcmd warm", cliWarm, jcmdWarm),
                ("CLI cold / jattach cold", cliCold, jattachCold),
                ("in-process warm / jattach warm", inProcessWarm, jattachWarm),
                ("in-process cold / jattach cold", inProcessCold, jattachCold),
            ]);
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    private static Task Cli(int pid) => Programs.RunAsync(Artifacts.Cli[0], [.. Artifacts.Cli.Skip(1), Pid(pid), "jcmd", "VM.version"]);

    private static Task Jattach(int pid) => Programs.RunAsync("jattach", Pid(pid), "jcmd", "VM.version");
}
