using System.Runtime.InteropServices;
using AttachKit.Linux.Processes;
using AttachKit.Linux.Signals;
using Serilog;

namespace AttachKit.Agent.Trigger;

/// <summary>
/// Keeps the trigger signal from killing the process and turns it into a call to publish. The
/// registration can come before the agent knows what it serves (a hosted app registers while its
/// host is being built): a signal that arrives before <see cref="Connect"/> is answered by it.
/// </summary>
internal sealed class SignalTrigger : IDisposable
{
    private readonly Lock _gate = new();

    // Held for the life of the process: a collected registration unregisters itself in its finalizer.
    private PosixSignalRegistration? _registration;
    private Action? _onSignal;
    private bool _pending;

    private SignalTrigger(PosixSignal signal) => Signal = signal;

    public PosixSignal Signal { get; }

    /// <summary>
    /// Registers the handler. An inherited SIG_IGN (nohup, some supervisors and CI runners) makes the
    /// runtime install nothing, so it is reset to SIG_DFL first; that only works before the runtime's
    /// signal handling has started, which is checked in SigCgt afterwards.
    /// </summary>
    /// <returns>The trigger, or null when the signal could not be caught (the process is then left as it was).</returns>
    public static SignalTrigger? Register(PosixSignal signal, ILogger log)
    {
        var number = Signals.NumberOf(signal);
        var wasIgnored = ProcStatus.OfThisProcess().Ignores(number);
        if (wasIgnored)
        {
            SignalDisposition.ResetToDefault(number);
        }

        var trigger = new SignalTrigger(signal);

        // Runs on a runtime thread made for this delivery, not in the signal handler itself.
        var registration = PosixSignalRegistration.Create(signal, trigger.OnSignal);
        if (wasIgnored && !ProcStatus.OfThisProcess().Handles(number))
        {
            registration.Dispose();
            SignalDisposition.Ignore(number);
            log.Warning(
                "AttachKit agent not installed: signal {Signal} was ignored when process {Pid} started and the runtime's signal handling had already started; install the agent before any Console or Process use",
                number,
                Environment.ProcessId);
            return null;
        }

        trigger._registration = registration;
        return trigger;
    }

    /// <summary>Sets what a signal does from now on; a signal that came while nothing was connected is answered at once.</summary>
    public void Connect(Action onSignal)
    {
        bool pending;
        lock (_gate)
        {
            _onSignal = onSignal;
            pending = _pending;
            _pending = false;
        }

        if (pending)
        {
            onSignal();
        }
    }

    public void Dispose() => _registration?.Dispose();

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Action? onSignal;
        lock (_gate)
        {
            onSignal = _onSignal;
            _pending |= onSignal is null;
        }

        onSignal?.Invoke();
    }
}
