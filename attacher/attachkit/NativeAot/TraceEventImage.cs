using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using AttachKit.Attacher;
using AttachKit.Cli.ClientCommands;

namespace AttachKit.Cli.NativeAot;

/// <summary>
/// Where the commands that parse traces with TraceEvent (<c>threads</c> on .NET targets, <c>trace
/// --format speedscope</c>) run. In the JIT build and in the native build's inner image: right here. The
/// native binary itself is lean: TraceEvent's ≈ 16,000 types made up most of the type data a NativeAOT
/// program unpacks before <c>Main</c>, ≈ 7 ms of every start, <c>version</c> and shell completion included.
/// So the native build compiles this process without them (the <see cref="InProcess"/> switch is false
/// there, and the compiler drops the code behind it) and carries the whole CLI, TraceEvent and all, as an
/// embedded image; those commands replace this process with it (memfd + execv: same pid, same stdio, same
/// exit code), before anything is sent to the target.
/// </summary>
internal static partial class TraceEventImage
{
    private const string Switch = "AttachKit.Cli.TraceEventInProcess";
    private const string Resource = "attachkit.traceevent-image";
    private const string MemfdName = "attachkit";
    private const uint MemfdCloseOnExec = 1;

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
        var memfd = MemfdCreate(MemfdName, MemfdCloseOnExec);
        if (memfd < 0)
        {
            throw Failed("memfd_create");
        }

        try
        {
            using var file = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(memfd, ownsHandle: false), FileAccess.Write);
            image.CopyTo(file);
        }
        catch (IOException e)
        {
            throw new ClientFailureException(ExitCodes.CommandFailed, $"could not run attachkit's trace-parsing image (writing it to a memfd: {e.Message})", e);
        }

        // argv as this process got it (argv[0] included), NULL-terminated; the environment is passed on as is.
        var arguments = Environment.GetCommandLineArgs();
        var argv = new nint[arguments.Length + 1];
        for (var i = 0; i < arguments.Length; i++)
        {
            argv[i] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
        }

        _ = Execv($"/proc/self/fd/{memfd}", argv);
        throw Failed("execv");
    }

    private static ClientFailureException Failed(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new ClientFailureException(
            ExitCodes.CommandFailed,
            $"could not run attachkit's trace-parsing image ({call}: {Marshal.GetPInvokeErrorMessage(errno)}); where memfds may not be executed (vm.memfd_noexec = 2), use the .NET tool build");
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, nint[] argv);
}
