using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// This build against an earlier one, side by side in one run: the native CLI's cold and warm attach
/// (<c>version</c>) to a plain app, <c>samples/AttachKit.Samples.Worker</c>, each build attaching to its own
/// build of the sample (the agent is half of a cold attach), interleaved run by run; <c>jattach</c> on a
/// JVM as the anchor. The earlier build is a checkout of the repository at that commit, built with
/// <c>dotnet build -c Release</c>, its native CLI published (README's command) into <c>out/attachkit</c>
/// there: <c>ATTACHKIT_BASELINE=&lt;checkout&gt;</c>.
/// </summary>
internal static class BaselineSuite
{
    private const int WarmUpRequests = 20;
    private const string SampleReady = "echo server on 127.0.0.1:";

    public static async Task RunAsync(int runs)
    {
        var root = Environment.GetEnvironmentVariable("ATTACHKIT_BASELINE") is { Length: > 0 } given
            ? given
            : throw new InvalidOperationException("set ATTACHKIT_BASELINE to a checkout of the earlier commit, built, with its native CLI in out/attachkit");
        var before = new Build(
            Path.Combine(root, "out", "attachkit"),
            Path.Combine(root, "samples", "AttachKit.Samples.Worker", "bin", "Release", "net10.0", "AttachKit.Samples.Worker.dll"));
        var now = new Build(NativeBuilds.Cli(), Artifacts.SampleWorker);
        var beforeCold = new Samples("earlier build: native CLI, cold (sample worker)");
        var nowCold = new Samples("this build: native CLI, cold (sample worker)");
        var beforeWarm = new Samples("earlier build: native CLI, warm (sample worker)");
        var nowWarm = new Samples("this build: native CLI, warm (sample worker)");
        var jattachCold = new Samples("jattach <jvm> properties, cold");
        var jattachWarm = new Samples("jattach <jvm> properties, warm");

        for (var run = 0; run < runs; run++)
        {
            // Which build goes first alternates, so that neither always follows the other's leftovers.
            (Build Build, Samples Samples)[] order = run % 2 == 0 ? [(before, beforeCold), (now, nowCold)] : [(now, nowCold), (before, beforeCold)];
            foreach (var (build, samples) in order)
            {
                using var sample = await build.StartSampleAsync();
                await samples.TimeAsync(() => build.VersionAsync(sample.Pid));
            }

            using var jvm = JvmTarget.Start();
            await jattachCold.TimeAsync(() => Jattach(jvm.Pid));
        }

        using (var earlier = await before.StartSampleAsync())
        using (var current = await now.StartSampleAsync())
        using (var jvm = JvmTarget.Start())
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await before.VersionAsync(earlier.Pid);
                await now.VersionAsync(current.Pid);
                await Jattach(jvm.Pid);
            }

            for (var run = 0; run < runs; run++)
            {
                await beforeWarm.TimeAsync(() => before.VersionAsync(earlier.Pid));
                await nowWarm.TimeAsync(() => now.VersionAsync(current.Pid));
                await jattachWarm.TimeAsync(() => Jattach(jvm.Pid));
            }
        }

        Report.Print(
            "this build against an earlier one: attach to a plain app",
            [beforeCold, nowCold, beforeWarm, nowWarm, jattachCold, jattachWarm],
            [
                ("this / earlier, cold", nowCold, beforeCold),
                ("this / earlier, warm", nowWarm, beforeWarm),
                ("this build cold / jattach cold", nowCold, jattachCold),
                ("this build warm / jattach warm", nowWarm, jattachWarm),
                ("earlier build cold / jattach cold", beforeCold, jattachCold),
                ("earlier build warm / jattach warm", beforeWarm, jattachWarm),
            ]);
    }

    private static Task Jattach(int pid) => Programs.RunAsync("jattach", pid.ToString(CultureInfo.InvariantCulture), "properties");

    /// <summary>One build: its native CLI and its sample worker.</summary>
    private sealed record Build(string Cli, string Sample)
    {
        public Task<TargetApp> StartSampleAsync()
            => TargetApp.StartAsync("sample", [], new TargetOptions { Program = Sample }, readyMarker: SampleReady);

        public Task VersionAsync(int pid) => Programs.RunAsync(Cli, pid.ToString(CultureInfo.InvariantCulture), "version");
    }
}
