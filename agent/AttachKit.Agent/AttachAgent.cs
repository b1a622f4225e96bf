using AttachKit.Agent.Commands;
using AttachKit.Agent.Listening;
using AttachKit.Agent.Trigger;

namespace AttachKit.Agent;

/// <summary>The entry point: <c>AttachAgent.Install();</c> as early as possible in <c>Main</c>.</summary>
public static class AttachAgent
{
    private static readonly Lock Gate = new();
    private static SignalTrigger? s_trigger;

    /// <summary>Whether the agent is installed and listening for its trigger signal.</summary>
    public static bool IsInstalled
    {
        get
        {
            lock (Gate)
            {
                return s_trigger is not null;
            }
        }
    }

    /// <summary>
    /// Installs the agent. It costs nothing until the trigger signal arrives: no thread, socket,
    /// file or timer, only the signal registration. Idempotent: later calls change nothing.
    /// Call it first thing in <c>Main</c>: an inherited ignored SIGQUIT can only be undone before
    /// the runtime's signal handling starts (the first Console or Process use starts it).
    /// </summary>
    /// <returns>True when the agent is installed (now or before); false when it is disabled or could not be installed.</returns>
    public static bool Install(Action<AttachAgentOptions>? configure = null)
    {
        var options = new AttachAgentOptions();
        configure?.Invoke(options);
        options.Validate();
        lock (Gate)
        {
            if (s_trigger is not null)
            {
                return true;
            }

            var log = options.Logger ?? new DeferredConsoleLogger();
            if (options.Disabled || AttachAgentOptions.DisabledByEnvironment())
            {
                log.Information("AttachKit agent disabled ({Variable} or options): process {Pid} cannot be attached to", AttachAgentOptions.DisableVariable, Environment.ProcessId);
                return false;
            }

            var listener = new AttachListener(options, log, CommandTable.BuiltIn());
            s_trigger = SignalTrigger.Register(options.TriggerSignal, listener.EnsurePublished, log);
            return s_trigger is not null;
        }
    }
}
