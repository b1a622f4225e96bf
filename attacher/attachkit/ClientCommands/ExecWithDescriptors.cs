using System.Runtime.InteropServices;
using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>fd-export … --exec -- &lt;command&gt;</c>: starts the command with the descriptors (socket
/// activation), closes this process's copies, forwards SIGTERM and SIGHUP to it, and exits with its
/// exit code. SIGINT from a terminal reaches the command by itself (same process group); attachkit
/// outlives it to report the command's exit code.
/// </summary>
internal static class ExecWithDescriptors
{
    public static async Task<int> RunAsync(IReadOnlyList<string> commandLine, DescriptorExport export)
    {
        ActivatedProcess child;
        try
        {
            child = SocketActivation.Start(commandLine, export.Descriptors);
        }
        catch (IOException e)
        {
            throw new ClientFailureException(ExitCodes.CommandFailed, e.Message, e);
        }

        // The command holds its own copies now; only it should keep the target's sockets open.
        export.Dispose();
        await Console.Error.WriteLineAsync($"attachkit: started {commandLine[0]} (pid {child.Pid}) with {Describe(export)}");
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, 15));
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Forward(context, child, 1));
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        return await child.Exited;
    }

    private static void Forward(PosixSignalContext context, ActivatedProcess child, int signal)
    {
        context.Cancel = true;
        child.Signal(signal);
    }

    // Every descriptor when there are a few; the count and the range of numbers when there are many.
    private static string Describe(DescriptorExport export)
    {
        const int Listed = 4;
        var descriptors = export.Descriptors;
        var listed = descriptors.Take(Listed).Select(descriptor =>
            $"fd {SocketActivation.FirstDescriptor + descriptor.Index} = fd {descriptor.TargetFd} of process {export.Pid} ({descriptor.Name}{(descriptor.Listening ? ", listening" : "")})");
        var more = descriptors.Count > Listed
            ? $" and {descriptors.Count - Listed} more (fds {SocketActivation.FirstDescriptor + Listed}-{SocketActivation.FirstDescriptor + descriptors.Count - 1})"
            : "";
        return string.Join(", ", listed) + more;
    }
}
