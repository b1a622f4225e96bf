using System.Diagnostics;
using System.Text;
using AttachKit.Attacher.Inspection;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.Inspection;

/// <summary>
/// The operator's side of a command read from outside. The reading loads the target's own DAC, code from
/// the target's files, so it is never done here: a child attachkit does it (<see cref="InspectionChild"/>),
/// as the target's user, in a session of its own with no terminal, its output a pipe that comes back
/// through the same terminal-safe stream as an agent's reply (docs/SECURITY.md).
/// </summary>
internal static class InspectionRunner
{
    // Beyond the longest pause: the child opens the target, reads it and writes the answer.
    private static readonly TimeSpan ChildSlack = TimeSpan.FromSeconds(30);

    // The child runs the target's code: what it says on stderr is kept up to this much, the rest read and dropped.
    private const int MessageBytes = 16 * 1024;

    public static async Task<int> RunAsync(AttachInvocation invocation, InspectionCommand command, CancellationToken cancellationToken)
    {
        var (uid, gid) = ReaderIdentity.For(invocation.Pid);
        // Started before the first await, from the thread that lives as long as attachkit: the child's
        // parent-death signal follows the thread that forked it, not the process.
        using var child = Process.Start(ChildStart(invocation, uid, gid))
            ?? throw new ClientFailureException(ExitCodes.CommandFailed, "could not start attachkit's inspecting process");
        child.StandardInput.Close();
        var errors = ReadBoundedAsync(child.StandardError.BaseStream, cancellationToken);
        await using var output = CliOutput.Open(invocation.Raw);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(command.MaxPause + ChildSlack);
            await child.StandardOutput.BaseStream.CopyToAsync(output.Text, deadline.Token);
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The child is this process's own: ended by its pid. The kernel lets the target go when it dies.
            child.Kill();
            throw new ClientFailureException(ExitCodes.TimedOut, $"reading process {invocation.Pid} from outside did not finish in {(command.MaxPause + ChildSlack).TotalSeconds:0}s; it was stopped and the process runs on");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        await output.Text.FlushAsync(cancellationToken);
        var message = TerminalSafeStream.EscapeLine((await errors).Trim());
        if (child.ExitCode is ExitCodes.Success or ExitCodes.DeadlockFound)
        {
            if (message.Length > 0)
            {
                await Console.Error.WriteLineAsync(message);
            }

            return child.ExitCode;
        }

        return await FailureReport.WriteAsync(invocation.Json, child.ExitCode, message.Length > 0 ? message : $"the inspecting process exited with {child.ExitCode}");
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            kept.Write(buffer, 0, Math.Min(read, MessageBytes - (int)kept.Length));
        }

        return Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    private static ProcessStartInfo ChildStart(AttachInvocation invocation, uint uid, uint gid)
    {
        // This very program again, through /proc/self/exe: the native binary (its full image, run from a memfd,
        // which has no other path), the .NET tool's apphost, or the dotnet host, given attachkit.dll.
        var start = new ProcessStartInfo("/proc/self/exe")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileName(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        }

        foreach (var argument in InspectionChild.Arguments(invocation, Environment.ProcessId, uid, gid))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
