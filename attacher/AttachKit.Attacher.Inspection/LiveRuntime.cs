using System.Diagnostics;
using AttachKit.Linux.Processes;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection;

/// <summary>
/// A running .NET process held still and read from outside with ClrMD: every thread stopped
/// (<see cref="StoppedThreads"/>), the runtime's structures read through its own DAC (<see cref="TargetDac"/>),
/// let go on <see cref="Resume"/> or <see cref="Dispose"/>. What is read must be copied out before that:
/// ClrMD's objects read the target's memory when asked. ptrace ties the stopped threads to the thread that
/// stopped them, so open, read and resume on one thread (<see cref="Read"/> does).
/// </summary>
internal sealed class LiveRuntime : IDisposable
{
    private readonly TargetDac _dac;
    private readonly StoppedThreads _threads;
    private readonly DataTarget _target;
    private readonly Stopwatch _paused;
    private bool _resumed;

    private LiveRuntime(TargetDac dac, StoppedThreads threads, Stopwatch paused, DataTarget target, ClrRuntime runtime)
    {
        _dac = dac;
        _threads = threads;
        _paused = paused;
        _target = target;
        Runtime = runtime;
    }

    public ClrRuntime Runtime { get; }

    /// <summary>How long the target has been (or was) held still.</summary>
    public TimeSpan Paused => _paused.Elapsed;

    /// <summary>Threads that did not stop in time: their stacks cannot be read.</summary>
    public IReadOnlyList<int> NotStopped => _threads.NotStopped;

    /// <summary>
    /// Opens <paramref name="pid"/>, runs <paramref name="read"/> while it is held still, lets it go, and
    /// returns what was read with how long the target was paused; all on one new thread. Reading stops
    /// (<paramref name="read"/> sees its token cancelled) once the target has been held for <paramref name="maxPause"/>.
    /// </summary>
    /// <exception cref="InspectionRefusedException">It cannot be read safely or correctly (the message says why).</exception>
    /// <exception cref="AttachPermissionException">ptrace or /proc was refused.</exception>
    /// <exception cref="TargetNotFoundException">The process exited.</exception>
    /// <exception cref="OperationCanceledException">Reading took longer than <paramref name="maxPause"/>; the target runs again.</exception>
    public static (T Result, TimeSpan Paused, IReadOnlyList<int> NotStopped) Read<T>(int pid, TimeSpan maxPause, Func<LiveRuntime, CancellationToken, T> read)
    {
        (T, TimeSpan, IReadOnlyList<int>) result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var runtime = Open(pid, StopTimeout);
                using var deadline = new CancellationTokenSource(maxPause);
                var value = read(runtime, deadline.Token);
                runtime.Resume();
                result = (value, runtime.Paused, runtime.NotStopped);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            Name = "inspection",
        };
        thread.Start();
        thread.Join();
        return failure is null ? result : throw Rethrown(failure);
    }

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

    private static Exception Rethrown(Exception failure) => failure switch
    {
        UnauthorizedAccessException denied => new AttachPermissionException($"{denied.Message}; {PtraceAdvice}", denied),
        ClrDiagnosticsException clr => new InspectionRefusedException($"ClrMD could not read the runtime: {clr.Message}"),
        _ => failure,
    };

    /// <summary>What it takes to be allowed to read another process.</summary>
    public const string PtraceAdvice = "reading a process from outside needs ptrace: run as its owner or root; with Yama (kernel.yama.ptrace_scope = 1) as root or with CAP_SYS_PTRACE; in a container, grant SYS_PTRACE (docker run --cap-add=SYS_PTRACE)";

    private static LiveRuntime Open(int pid, TimeSpan stopTimeout)
    {
        var dac = TargetDac.Open(pid);
        StoppedThreads? threads = null;
        DataTarget? target = null;
        ClrRuntime? runtime = null;
        try
        {
            // The DAC is loaded and initialised while the target still runs: that is most of the time an open
            // takes, and none of it needs the target still. What it cached is thrown away once it is.
            target = DataTarget.AttachToProcess(pid, suspend: false);
            var clr = target.ClrVersions.FirstOrDefault()
                ?? throw new InspectionRefusedException($"ClrMD finds no .NET runtime in process {pid}");

            // ClrMD cannot tell a .NET 10 runtime's version from its module (it says 0.0): the DAC is the
            // runtime's own, so the mismatch it would refuse is none.
            runtime = clr.CreateRuntime(dac.LoadPath, ignoreMismatch: true);

            var paused = Stopwatch.StartNew();
            threads = StoppedThreads.Stop(pid, stopTimeout);
            target.DataReader.FlushCachedData();
            runtime.FlushCachedData();
            return new LiveRuntime(dac, threads, paused, target, runtime);
        }
        catch
        {
            runtime?.Dispose();
            target?.Dispose();
            threads?.Dispose();
            dac.Dispose();
            throw;
        }
    }

    /// <summary>Lets the target run again (ClrMD's objects can no longer be read).</summary>
    public void Resume()
    {
        if (_resumed)
        {
            return;
        }

        _resumed = true;
        Runtime.Dispose();
        _target.Dispose();
        _threads.Dispose();
        _paused.Stop();
        _dac.Dispose();
    }

    public void Dispose() => Resume();
}
