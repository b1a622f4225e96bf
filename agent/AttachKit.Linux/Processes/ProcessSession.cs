using System.Runtime.InteropServices;

namespace AttachKit.Linux.Processes;

/// <summary>How a helper process cuts itself off from the terminal and the life of the process that started it.</summary>
internal static partial class ProcessSession
{
    private const int SetParentDeathSignal = 1; // PR_SET_PDEATHSIG
    private const int Kill = 9;

    /// <summary>
    /// Starts a new session (setsid(2)) without a controlling terminal: nothing this process runs afterwards
    /// can open /dev/tty and type into the operator's terminal (TIOCSTI) or read from it.
    /// </summary>
    /// <exception cref="IOException">setsid failed (the process leads a process group already).</exception>
    public static void LeaveTerminal() => Errno.Check(SetSid(), "setsid");

    /// <summary>
    /// Has the kernel kill this process when its parent dies (prctl(2) PR_SET_PDEATHSIG). Call it after any
    /// change of ids, which clears the setting; <paramref name="parentPid"/> tells a parent already gone.
    /// </summary>
    /// <exception cref="IOException">The parent has exited already, or prctl failed.</exception>
    public static void DieWithParent(int parentPid)
    {
        Errno.Check(Prctl(SetParentDeathSignal, Kill), "prctl(PR_SET_PDEATHSIG)");
        if (GetParentPid() != parentPid)
        {
            throw new IOException($"the parent process {parentPid} has exited");
        }
    }

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint argument);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
