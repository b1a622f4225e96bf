namespace AttachKit.Benchmarks;

/// <summary>
/// The native CLI's own start-up, which is nearly all of a warm attach: <c>attachkit --version</c> and
/// <c>--help</c> (no target), interleaved run by run with the floor of spawning any process
/// (<c>/bin/true</c>) and with jattach's own start (its usage text and exit 1, no target).
/// </summary>
internal static class StartupSuite
{
    public static async Task RunAsync(int runs)
    {
        var native = NativeCli.Path();
        var version = new Samples("attachkit --version (native)");
        var help = new Samples("attachkit --help (native)");
        var jattach = new Samples("jattach, usage only");
        var floor = new Samples("/bin/true");

        for (var run = 0; run < runs; run++)
        {
            await version.TimeAsync(() => Programs.RunAsync(native, "--version"));
            await help.TimeAsync(() => Programs.RunAsync(native, "--help"));
            await jattach.TimeAsync(() => Programs.RunAsync(1, "jattach"));
            await floor.TimeAsync(() => Programs.RunAsync("/bin/true"));
        }

        Report.Print(
            "startup: the native CLI starting, no target",
            [version, help, jattach, floor],
            [
                ("attachkit --version / jattach usage", version, jattach),
                ("attachkit --version / /bin/true", version, floor),
            ]);
    }
}
