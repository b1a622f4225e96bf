using AttachKit.Linux;
using AttachKit.Linux.Processes;

namespace AttachKit.Attacher.Discovery;

/// <summary>Says why a process's memory map could not be read, so <c>attachkit list</c> can say which process it left out and why.</summary>
internal static class UnreadableProcesses
{
    public static UnreadableProcess Describe(int pid, string procDirectory)
    {
        ProcStatus status;
        try
        {
            status = ProcStatus.Read(procDirectory, pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UnreadableProcess(pid, -1, "?", $"its /proc/{pid}/maps and status are not readable to this user");
        }

        return new UnreadableProcess(pid, status.Uid, Name(procDirectory), Reason(pid, status, ProcStatus.OfThisProcess()));
    }

    // The kernel lets a process read another's map when it could ptrace it: same user, or CAP_SYS_PTRACE,
    // and in both cases only if it holds every capability the other holds (or CAP_SYS_PTRACE over it).
    private static string Reason(int pid, ProcStatus target, ProcStatus self)
    {
        if (!Credentials.IsRoot && target.Uid != self.Uid)
        {
            return $"another user's process: only its owner and root may read its /proc/{pid}/maps";
        }

        var lacking = target.PermittedCapabilities & ~self.PermittedCapabilities;
        return lacking != 0
            ? $"it holds capabilities this attachkit lacks (CapPrm bits 0x{lacking:x}), so the kernel keeps its /proc/{pid}/maps from this process, root or not"
            : $"the kernel refused its /proc/{pid}/maps to this user (a process that made itself undumpable, a security module, or no CAP_SYS_PTRACE over its user namespace)";
    }

    private static string Name(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
