using System.Runtime.InteropServices;
using AttachKit.Agent.Unix;
using Serilog;

namespace AttachKit.Agent.Trigger;

/// <summary>Keeps the trigger signal from killing the process and turns it into a call to publish.</summary>
internal sealed class SignalTrigger : IDisposable
{
    // Held for the life of the process: a collected registration unregisters itself in its finalizer.
    private readonly PosixSignalRegistration _registration;

    private SignalTrigger(PosixSignalRegistration registration) => _registration = registration;

    /// <summary>
    /// Registers the handler. An inherited SIG_IGN (nohup, some supervisors and CI runners) makes the
    /// runtime install nothing, so it is reset to SIG_DFL first; that only works before the runtime's
    /// signal handling has started, which is checked in SigCgt afterwards.
    /// </summary>
    /// <returns>The trigger, or null when the signal could not be caught (the process is then left as it was).</returns>
    public static SignalTrigger? Register(PosixSignal signal, Action onSignal, ILogger log)
    {
        var number = SignalNumbers.Of(signal);
        var wasIgnored = ProcStatus.IsIgnored(number);
        if (wasIgnored)
        {
            SignalDisposition.ResetToDefault(number);
        }

        var registration = PosixSignalRegistration.Create(signal, context =>
        {
            // Runs on a runtime thread made for this delivery, not in the signal handler itself.
            context.Cancel = true;
            onSignal();
        });

        if (wasIgnored && !ProcStatus.IsCaught(number))
        {
            registration.Dispose();
            SignalDisposition.Ignore(number);
            log.Warning(
                "AttachKit agent not installed: signal {Signal} was ignored when process {Pid} started and the runtime's signal handling had already started; call AttachAgent.Install() before any Console or Process use",
                number,
                Environment.ProcessId);
            return null;
        }

        return new SignalTrigger(registration);
    }

    public void Dispose() => _registration.Dispose();
}
