using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// What a user namespace costs an attach: the native CLI's cold and warm <c>version</c> as root from the
/// host, to the sample worker run as uid 1001 in pid and mount namespaces of its own with a tmpfs TMPDIR,
/// once also in a user namespace of its own (a rootless container, where the attacher connects with the
/// target's ids) and once without; interleaved run by run.
/// </summary>
internal static class UserNamespaceSuite
{
    private const int WarmUpRequests = 20;
    private const string SampleReady = "echo server on 127.0.0.1:";

    public static async Task RunAsync(int runs)
    {
        var cli = NativeBuilds.Cli();
        var plain = new TargetOptions { Program = Artifacts.SampleWorker, User = "1001", InOwnNamespaces = true };
        var rootless = plain with { InOwnUserNamespace = true };
        var plainCold = new Samples("container without a user namespace, cold");
        var rootlessCold = new Samples("container in a user namespace, cold");
        var plainWarm = new Samples("container without a user namespace, warm");
        var rootlessWarm = new Samples("container in a user namespace, warm");

        for (var run = 0; run < runs; run++)
        {
            (TargetOptions Options, Samples Samples)[] order = run % 2 == 0 ? [(plain, plainCold), (rootless, rootlessCold)] : [(rootless, rootlessCold), (plain, plainCold)];
            foreach (var (options, samples) in order)
            {
                using var sample = await TargetApp.StartAsync("sample", [], options, readyMarker: SampleReady);
                await samples.TimeAsync(() => Version(cli, sample.Pid));
            }
        }

        using (var withoutUsers = await TargetApp.StartAsync("sample", [], plain, readyMarker: SampleReady))
        using (var withUsers = await TargetApp.StartAsync("sample", [], rootless, readyMarker: SampleReady))
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await Version(cli, withoutUsers.Pid);
                await Version(cli, withUsers.Pid);
            }

            for (var run = 0; run < runs; run++)
            {
                await plainWarm.TimeAsync(() => Version(cli, withoutUsers.Pid));
                await rootlessWarm.TimeAsync(() => Version(cli, withUsers.Pid));
            }
        }

        Report.Print(
            "attach to a container target, with and without a user namespace (native CLI, as root, from the host)",
            [plainCold, rootlessCold, plainWarm, rootlessWarm],
            [
                ("user namespace / none, cold", rootlessCold, plainCold),
                ("user namespace / none, warm", rootlessWarm, plainWarm),
            ]);
    }

    private static Task Version(string cli, int pid) => Programs.RunAsync(cli, pid.ToString(CultureInfo.InvariantCulture), "version");
}
