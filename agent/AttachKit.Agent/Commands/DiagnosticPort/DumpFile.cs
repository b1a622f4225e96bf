using AttachKit.Agent.DiagnosticIpc;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// A dump of this process written by the runtime's own dump writer (the diagnostic port's
/// WriteDump, which runs createdump), into a private directory, and handed back open and already
/// unlinked: whatever happens next, nothing is left behind on disk.
/// </summary>
internal static class DumpFile
{
    /// <summary>Writes the dump and opens it for reading.</summary>
    /// <param name="command">The command that asks, for the messages.</param>
    /// <param name="kind">What the dump holds.</param>
    /// <param name="cancellation">The command's deadline: the wait for the runtime ends with it.</param>
    /// <exception cref="CommandException">The runtime could not write it; the message says why and what to change.</exception>
    public static FileStream Write(string command, DumpKind kind, CancellationToken cancellation)
    {
        var directory = PrivateDirectory();
        var path = Path.Combine(directory.FullName, "dump");
        try
        {
            try
            {
                CoreDump.Write(path, kind, cancellation);
            }
            catch (DiagnosticServerException e) when (e.Failure == DiagnosticServerFailure.Refused)
            {
                throw new CommandException(StatusCode.CommandFailed, WhyNot(e, directory.FullName));
            }
            catch (Exception e) when (DiagnosticPortErrors.Explain(command, e) is CommandException explained)
            {
                throw explained;
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        finally
        {
            // An open descriptor keeps the bytes readable after the name is gone (unlink(2)).
            TryDelete(() => File.Delete(path));
            TryDelete(() => directory.Delete(recursive: true));
        }
    }

    // Mode 0700 (CreateTempSubdirectory): only this user may look at the dump while it is being written.
    private static DirectoryInfo PrivateDirectory()
    {
        try
        {
            return Directory.CreateTempSubdirectory("attachkit-dump-");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(
                StatusCode.CommandFailed,
                $"cannot make a private directory for the dump in {Path.GetTempPath()} ({e.Message}); the process's TMPDIR must be writable and have room for the dump");
        }
    }

    private static string WhyNot(DiagnosticServerException e, string directory) =>
        $"the runtime could not write the dump ({e.Message}). createdump, which it starts, must be able to ptrace this process: " +
        "in a container allow it (docker run --cap-add=SYS_PTRACE, or a seccomp profile that permits ptrace), " +
        "check kernel.yama.ptrace_scope (3 forbids it), and that " + directory + " has room for the dump; " +
        "createdump's own reason is on the target's standard error";

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The dump went out or failed; a leftover empty directory in TMPDIR is no reason to fail it.
        }
    }
}
