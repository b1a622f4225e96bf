using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using AttachKit.Linux.Processes;

namespace AttachKit.Cli.NativeAot;

/// <summary>
/// Where the commands that parse traces with TraceEvent (<c>threads</c> on .NET targets, <c>trace
/// --format speedscope</c>) run. In the JIT build and in the native build's inner image: right here. The
/// native binary itself is lean: TraceEvent's types made up most of the type data a NativeAOT program
/// unpacks before <c>Main</c>, at every start, <c>version</c> and shell completion included.
/// So the native build compiles this process without them (the <see cref="InProcess"/> switch is false
/// there, and the compiler drops the code behind it) and carries the whole CLI, TraceEvent and all, as an
/// embedded image; those commands replace this process with it (memfd + execv: same pid, same stdio, same
/// exit code), before anything is sent to the target.
/// </summary>
internal static class TraceEventImage
{
    private const string Switch = "AttachKit.Cli.TraceEventInProcess";
    private const string Resource = "attachkit.traceevent-image";
    private const string MemfdName = "attachkit";

    /// <summary>True unless this is the native binary's lean outer image (attachkit.csproj sets the switch).</summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool InProcess => !AppContext.TryGetSwitch(Switch, out var inProcess) || inProcess;

    /// <summary>
    /// Returns when this process can parse traces; otherwise runs this command line in the embedded
    /// image instead and never returns.
    /// </summary>
    /// <exception cref="ClientFailureException">The embedded image could not be run.</exception>
    public static void RunCommandHere()
    {
        if (!InProcess)
        {
            ReplaceThisProcess();
        }
    }

    /// <summary>For the code that <see cref="InProcess"/> guards, in the image where it never runs.</summary>
    public static UnreachableException Unreachable() => new("the lean image runs trace parsing in its embedded image");

    /// <summary>A process that ran the embedded image is named after the memfd's number; it takes the CLI's name back.</summary>
    public static void NameThisProcess()
    {
        // readlink, not Environment.ProcessPath, which resolves the path and finds no file behind a memfd.
        if (InProcess && new FileInfo("/proc/self/exe").LinkTarget?.StartsWith("/memfd:", StringComparison.Ordinal) == true)
        {
            try
            {
                File.WriteAllText("/proc/self/comm", "attachkit");
            }
            catch (IOException)
            {
                // Only the name ps shows.
            }
        }
    }

    private static void ReplaceThisProcess()
    {
        using var image = typeof(TraceEventImage).Assembly.GetManifestResourceStream(Resource)
            ?? throw new ClientFailureException(ExitCodes.CommandFailed, "this attachkit was built without its trace-parsing image; build it with the command README.md gives");

        // argv as this process got it (argv[0] included); the environment is passed on as is.
        var failure = MemoryImage.Execute(image, MemfdName, Environment.GetCommandLineArgs());
        throw new ClientFailureException(
            ExitCodes.CommandFailed,
            $"could not run attachkit's trace-parsing image ({failure.Message}); where memfds may not be executed, use the .NET tool build",
            failure);
    }
}
