using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// The native CLI's own start-up, which is nearly all of a warm attach, against the floor under it:
/// tests/AttachKit.NativeFloor (see <see cref="NativeBuilds.Floor"/>), the least a NativeAOT program can
/// do, started alone and making one blocking exchange with the same warm agent. Beside them, run by run,
/// jattach's warm attach to a JVM (the anchor of the warm-attach goal), jattach's own start (its usage
/// text and exit 1) and the floor of spawning any process (<c>/bin/true</c>).
/// </summary>
internal static class StartupSuite
{
    private const int WarmUpRequests = 20;

    public static async Task RunAsync(int runs)
    {
        var native = NativeBuilds.Cli();
        var floor = NativeBuilds.Floor();
        var nativeAttach = new Samples("attachkit <pid> version (native), warm");
        var floorAttach = new Samples("NativeAOT floor: one blocking exchange, warm");
        var jattachAttach = new Samples("jattach <jvm> properties, warm");
        var nativeStart = new Samples("attachkit --version (native)");
        var floorStart = new Samples("NativeAOT floor: start and exit");
        var jattachStart = new Samples("jattach, usage only");
        var trueStart = new Samples("/bin/true");

        using var target = await TargetApp.StartAsync("agent");
        using var jvm = JvmTarget.Start();
        var pid = target.Pid.ToString(CultureInfo.InvariantCulture);
        var jvmPid = jvm.Pid.ToString(CultureInfo.InvariantCulture);
        // Warmed up by the programs themselves: an in-process client would be recompiling its code in
        // the background while the loop below runs.
        for (var i = 0; i < WarmUpRequests; i++)
        {
            await Programs.RunAsync(native, pid, "version");
            await Programs.RunAsync("jattach", jvmPid, "properties");
        }

        for (var run = 0; run < runs; run++)
        {
            await nativeAttach.TimeAsync(() => Programs.RunAsync(native, pid, "version"));
            await floorAttach.TimeAsync(() => Programs.RunAsync(floor, target.SocketPath));
            await jattachAttach.TimeAsync(() => Programs.RunAsync("jattach", jvmPid, "properties"));
            await nativeStart.TimeAsync(() => Programs.RunAsync(native, "--version"));
            await floorStart.TimeAsync(() => Programs.RunAsync(floor));
            await jattachStart.TimeAsync(() => Programs.RunAsync(1, "jattach"));
            await trueStart.TimeAsync(() => Programs.RunAsync("/bin/true"));
        }

        Report.Print(
            "startup: the native CLI, the NativeAOT floor under it, and jattach",
            [nativeAttach, floorAttach, jattachAttach, nativeStart, floorStart, jattachStart, trueStart],
            [
                ("attachkit warm / jattach warm (goal ≤ 2)", nativeAttach, jattachAttach),
                ("floor exchange / jattach warm", floorAttach, jattachAttach),
                ("floor start alone / jattach warm", floorStart, jattachAttach),
                ("attachkit warm / floor exchange", nativeAttach, floorAttach),
                ("attachkit --version / floor start", nativeStart, floorStart),
                ("jattach usage / /bin/true", jattachStart, trueStart),
            ]);
    }
}
