using AttachKit.Linux.Processes;
using AttachKit.Linux.Signals;

namespace AttachKit.Attacher;

/// <summary>A program started by <see cref="SocketActivation.Start"/>: its pid, its end, and a way to signal it.</summary>
public sealed class ActivatedProcess
{
    private ActivatedProcess(int pid, Task<int> exited)
    {
        Pid = pid;
        Exited = exited;
    }

    /// <summary>The program's pid (also its LISTEN_PID).</summary>
    public int Pid { get; }

    /// <summary>Completes when the program ends, with its exit code, or 128 + the signal that ended it.</summary>
    public Task<int> Exited { get; }

    /// <summary>Sends <paramref name="signal"/> (a number, e.g. 15 for SIGTERM) to the program.</summary>
    /// <returns>False when it has already ended.</returns>
    public bool Signal(int signal) => Signals.Send(Pid, signal) == 0;

    internal static ActivatedProcess Watch(int pid)
    {
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // waitpid blocks: a thread of its own rather than one of the pool's.
        new Thread(() =>
        {
            try
            {
                exited.SetResult(Spawn.WaitForExit(pid));
            }
            catch (IOException e)
            {
                exited.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "attachkit wait",
        }.Start();
        return new ActivatedProcess(pid, exited.Task);
    }
}
