using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// Whether the test target flatters the figures: the native CLI's cold and warm <c>version</c> to a plain
/// app (<c>samples/AttachKit.Samples.Worker</c>) and to the test target, each a fresh process per cold
/// run, interleaved run by run, so that both meet the same machine.
/// </summary>
internal static class PlainAppSuite
{
    private const int WarmUpRequests = 20;
    private const string SampleReady = "echo server on 127.0.0.1:";

    public static async Task RunAsync(int runs)
    {
        var cli = NativeBuilds.Cli();
        var plainCold = new Samples("sample worker (a plain app), cold");
        var targetCold = new Samples("test target, cold");
        var plainWarm = new Samples("sample worker (a plain app), warm");
        var targetWarm = new Samples("test target, warm");

        for (var run = 0; run < runs; run++)
        {
            (Func<Task<TargetApp>> Start, Samples Samples)[] order = run % 2 == 0
                ? [(StartPlainAsync, plainCold), (StartTestTargetAsync, targetCold)]
                : [(StartTestTargetAsync, targetCold), (StartPlainAsync, plainCold)];
            foreach (var (start, samples) in order)
            {
                using var target = await start();
                await samples.TimeAsync(() => Version(cli, target.Pid));
            }
        }

        using (var plain = await StartPlainAsync())
        using (var target = await StartTestTargetAsync())
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await Version(cli, plain.Pid);
                await Version(cli, target.Pid);
            }

            for (var run = 0; run < runs; run++)
            {
                await plainWarm.TimeAsync(() => Version(cli, plain.Pid));
                await targetWarm.TimeAsync(() => Version(cli, target.Pid));
            }
        }

        Report.Print(
            "a plain app against the test target (native CLI, version)",
            [plainCold, targetCold, plainWarm, targetWarm],
            [
                ("plain / test target, cold", plainCold, targetCold),
                ("plain / test target, warm", plainWarm, targetWarm),
            ]);
    }

    private static Task<TargetApp> StartPlainAsync()
        => TargetApp.StartAsync("sample", [], new TargetOptions { Program = Artifacts.SampleWorker }, readyMarker: SampleReady);

    private static Task<TargetApp> StartTestTargetAsync() => TargetApp.StartAsync("agent");

    private static Task Version(string cli, int pid) => Programs.RunAsync(cli, pid.ToString(CultureInfo.InvariantCulture), "version");
}
