using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AttachKit.Linux.Files;

namespace AttachKit.Linux.Processes;

/// <summary>
/// Every thread of a process held still by ptrace(2) while it is read from outside, and let go when
/// disposed. Threads are seized (PTRACE_SEIZE) and interrupted (PTRACE_INTERRUPT), never sent SIGSTOP:
/// if this process dies at any point (killed mid-read), the kernel detaches its tracees and they run on,
/// where a SIGSTOP left pending by a PTRACE_ATTACH would stop the whole process until someone sent SIGCONT.
/// A signal a thread was about to receive when it stopped is handed back to it on detach, so none is
/// lost (the .NET runtime suspends threads for its GC with a signal).
/// ptrace ties a tracee to the thread that seized it: create, use (register reads) and dispose this on one thread.
/// </summary>
internal sealed partial class StoppedThreads : IDisposable
{
    private const int PtraceDetach = 17;
    private const int PtraceSeize = 0x4206;
    private const int PtraceInterrupt = 0x4207;
    private const int PtraceEventStop = 128;
    private const int WaitAll = 0x40000000; // __WALL: threads, not only children
    private const int WaitNoHang = 1;
    private const int MaxPasses = 100;

    private readonly Dictionary<int, int> _pendingSignals = [];
    private readonly List<int> _seized = [];
    private readonly List<int> _running = [];
    private bool _released;

    private StoppedThreads(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>The threads held still (their registers can be read).</summary>
    public IReadOnlyList<int> Stopped => [.. _seized.Except(_running)];

    /// <summary>Threads seized that did not stop in time (in an uninterruptible wait, say): they run on and their registers cannot be read.</summary>
    public IReadOnlyList<int> NotStopped => _running;

    /// <summary>
    /// Seizes and interrupts every thread of <paramref name="pid"/>, those started meanwhile included,
    /// and waits up to <paramref name="stopTimeout"/> for them to stop.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">ptrace was refused (another user's process, a debugger already attached, a security module).</exception>
    /// <exception cref="IOException">The process exited.</exception>
    public static StoppedThreads Stop(int pid, TimeSpan stopTimeout)
    {
        var threads = new StoppedThreads(pid);
        try
        {
            threads.SeizeAll();
            threads.WaitForStops(stopTimeout);
            return threads;
        }
        catch
        {
            threads.Dispose();
            throw;
        }
    }

    private void SeizeAll()
    {
        var task = string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/task");
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var added = false;
            foreach (var tid in ThreadIds(task))
            {
                if (_seized.Contains(tid))
                {
                    continue;
                }

                if (Ptrace(PtraceSeize, tid, 0, 0) < 0)
                {
                    var errno = Errno.Last;
                    if (errno == Errno.Esrch)
                    {
                        continue; // the thread exited
                    }

                    throw errno == Errno.Eperm
                        ? new UnauthorizedAccessException($"ptrace of process {Pid} refused: {Errno.Describe(errno)}{TracerNote()}")
                        : Errno.Failure("ptrace(PTRACE_SEIZE)", $"thread {tid} of process {Pid}", errno);
                }

                _seized.Add(tid);
                Ptrace(PtraceInterrupt, tid, 0, 0);
                added = true;
            }

            if (!added)
            {
                break;
            }
        }

        if (_seized.Count == 0)
        {
            throw new IOException($"process {Pid} exited");
        }
    }

    private void WaitForStops(TimeSpan timeout)
    {
        var waiting = new List<int>(_seized);
        var clock = Stopwatch.StartNew();
        while (waiting.Count > 0)
        {
            for (var i = waiting.Count - 1; i >= 0; i--)
            {
                var tid = waiting[i];
                var result = WaitPid(tid, out var status, WaitAll | WaitNoHang);
                if (result == 0)
                {
                    // The target's own parent may have taken the report (a .NET parent reaps its children's
                    // events on SIGCHLD): the thread's state in /proc says it stopped for its tracer all the same.
                    if (IsTraceStopped(tid))
                    {
                        waiting.RemoveAt(i);
                    }

                    continue;
                }

                waiting.RemoveAt(i);
                if (result < 0 || (status & 0xff) != 0x7f)
                {
                    _seized.Remove(tid); // exited or killed meanwhile
                    continue;
                }

                var signal = (status >> 8) & 0xff;
                if (status >> 16 != PtraceEventStop)
                {
                    // Stopped on its way to take a signal: the signal is given back on detach.
                    _pendingSignals[tid] = signal;
                }
            }

            if (waiting.Count == 0)
            {
                break;
            }

            if (clock.Elapsed >= timeout)
            {
                _running.AddRange(waiting);
                break;
            }

            Thread.Sleep(1);
        }
    }

    // proc(5) stat's state, after the command name in parentheses: 't' is "tracing stop".
    private bool IsTraceStopped(int tid)
    {
        try
        {
            var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/task/{tid}/stat"));
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] == 't';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string TracerNote()
    {
        try
        {
            var tracer = File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/status"))
                .FirstOrDefault(line => line.StartsWith("TracerPid:", StringComparison.Ordinal))?["TracerPid:".Length..].Trim();
            return tracer is null or "0" ? "" : $" (process {tracer} traces it already: a debugger?)";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static IEnumerable<int> ThreadIds(string taskDirectory)
    {
        try
        {
            return [.. DirectoryNames.Of(taskDirectory).Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var tid) ? tid : -1).Where(tid => tid > 0)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Lets every thread go; a signal one was stopped on is delivered to it now.</summary>
    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        // A thread that never stopped cannot be detached (PTRACE_DETACH needs a stopped tracee), and waiting
        // for it could take for ever: it runs untouched, and the kernel detaches it when this process exits.
        foreach (var tid in _seized.Except(_running))
        {
            Ptrace(PtraceDetach, tid, 0, _pendingSignals.GetValueOrDefault(tid));
        }
    }

    [LibraryImport("libc", EntryPoint = "ptrace", SetLastError = true)]
    private static partial long Ptrace(long request, int pid, nint address, nint data);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);
}
