using System.Globalization;
using Microsoft.Diagnostics.Runtime;
using Mono.Unix.Native;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>
/// A live process paused and opened with ClrMD as the CLI opens it: with the target's own DAC (ClrMD reports .NET
/// 10 as version 0.0, hence no version check), read from outside while every thread is stopped. For the tests
/// only, until the attacher's own way of opening a target is there to use instead; disposing it lets the process
/// run on.
/// </summary>
/// <remarks>
/// It pauses the target with SIGSTOP, not with ClrMD's own ptrace attach (<c>suspend: true</c>): the tests' targets
/// are this process's children, and .NET's handling of SIGCHLD for them (System.Diagnostics.Process calls
/// waitpid(pid, WNOHANG) for each child it started) takes the main thread's ptrace-stop notification that ClrMD's
/// waitpid(tid) then waits for forever. A group stop is not reported to waitpid without WUNTRACED.
/// </remarks>
internal sealed class PausedRuntime : IDisposable
{
    private readonly int _pid;
    private readonly DataTarget _target;

    private PausedRuntime(int pid, DataTarget target, ClrRuntime runtime)
    {
        _pid = pid;
        _target = target;
        Runtime = runtime;
    }

    public ClrRuntime Runtime { get; }

    public static PausedRuntime Open(int pid)
    {
        var coreclr = File.ReadLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].EndsWith("/libcoreclr.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();
        var dac = $"/proc/{pid}/root" + Path.Combine(Path.GetDirectoryName(coreclr)!, "libmscordaccore.so");
        Stop(pid);
        DataTarget? target = null;
        try
        {
            target = DataTarget.AttachToProcess(pid, suspend: false);
            return new PausedRuntime(pid, target, target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true));
        }
        catch
        {
            target?.Dispose();
            Syscall.kill(pid, Signum.SIGCONT);
            throw;
        }
    }

    /// <summary>Fails unless the process runs on: not stopped (state T) and traced by nobody.</summary>
    public static void AssertRunsOn(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim());
        Assert.False(status["State"].StartsWith('T') || status["State"].StartsWith('t'), $"process {pid} is stopped: {status["State"]}");
        Assert.Equal(0, int.Parse(status["TracerPid"], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        Runtime.Dispose();
        _target.Dispose();
        Syscall.kill(_pid, Signum.SIGCONT);
    }

    // SIGSTOP, then wait until every thread has stopped (proc(5) state T).
    private static void Stop(int pid)
    {
        if (Syscall.kill(pid, Signum.SIGSTOP) != 0)
        {
            throw new InvalidOperationException($"kill -STOP {pid} failed: {Stdlib.GetLastError()}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Directory.EnumerateDirectories($"/proc/{pid}/task").All(Stopped))
        {
            if (DateTime.UtcNow > deadline)
            {
                Syscall.kill(pid, Signum.SIGCONT);
                throw new TimeoutException($"process {pid} did not stop");
            }

            Thread.Sleep(1);
        }
    }

    private static bool Stopped(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            return stat[stat.LastIndexOf(')') + 2] is 'T' or 't';
        }
        catch (IOException)
        {
            // The thread ended.
            return true;
        }
    }
}
