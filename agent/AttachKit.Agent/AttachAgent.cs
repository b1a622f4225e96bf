using System.Runtime.InteropServices;
using AttachKit.Agent.Commands;
using AttachKit.Agent.Listening;
using AttachKit.Agent.Trigger;
using AttachKit.Linux.Signals;
using AttachKit.Protocol;

namespace AttachKit.Agent;

/// <summary>The entry point: <c>AttachAgent.Install();</c> as early as possible in <c>Main</c>.</summary>
public static class AttachAgent
{
    private static readonly Lock Gate = new();

    // The trigger's registration, made by Install or, in a hosted app, earlier by Arm.
    private static SignalTrigger? s_trigger;
    private static bool s_serving;
    private static Serilog.ILogger? s_log;
    private static string s_how = "installed";

    /// <summary>Whether the agent is installed and listening for its trigger signal.</summary>
    public static bool IsInstalled
    {
        get
        {
            lock (Gate)
            {
                return s_serving;
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
    /// <exception cref="ArgumentException">A command or level switch was registered under a name that is taken or not allowed.</exception>
    public static bool Install(Action<AttachAgentOptions>? configure = null)
    {
        var options = new AttachAgentOptions();
        configure?.Invoke(options);
        return Install(options);
    }

    /// <summary>Installs the agent with options already made (the hosting integration's way in).</summary>
    internal static bool Install(AttachAgentOptions options)
    {
        options.Validate();
        lock (Gate)
        {
            if (s_serving)
            {
                // Said only to a logger the app gave: the default one would be created just for this.
                options.Logger?.Warning("AttachKit agent was already installed in process {Pid}; these options are not applied", Environment.ProcessId);
                return true;
            }

            var log = options.Logger ?? new DeferredConsoleLogger();

            if (options.Disabled || AttachAgentOptions.DisabledByEnvironment())
            {
                // The trigger is still caught, and answered by nothing: an attacher that signals anyway
                // (it cannot see options.Disabled) must not kill the app, as a JVM started with
                // -XX:+DisableAttachMechanism still survives SIGQUIT.
                s_trigger ??= SignalTrigger.Register(options.TriggerSignal, log);
                log.Information("AttachKit agent disabled ({Variable} or options): process {Pid} cannot be attached to", AttachAgentOptions.DisableVariable, Environment.ProcessId);
                return false;
            }

            if (s_trigger is not null && Signals.NumberOf(s_trigger.Signal) != Signals.NumberOf(options.TriggerSignal))
            {
                s_trigger.Dispose();
                s_trigger = null;
            }

            s_trigger ??= SignalTrigger.Register(options.TriggerSignal, log);
            if (s_trigger is null)
            {
                return false;
            }

            var listener = new AttachListener(options, log, CommandTable.BuiltIn().With(options.AppCommands));
            s_trigger.Connect(listener.EnsurePublished);
            Serve(log, "installed");
            return true;
        }
    }

    /// <summary>
    /// Installs the agent loaded by the attacher into a process that never referenced it, and publishes its
    /// socket at once: the injection is the trigger. The trigger signal is caught as <see cref="Install(AttachAgentOptions)"/>
    /// catches it where it still can be; where it cannot (an inherited ignored SIGQUIT), it stays ignored.
    /// </summary>
    /// <param name="options">The defaults, with the environment's off switch.</param>
    /// <param name="injector">Who asked, as the attacher said it, for the log.</param>
    /// <returns>The hook's result line (<see cref="AgentInjection.ResultFileName"/>).</returns>
    internal static string Inject(AttachAgentOptions options, string injector)
    {
        lock (Gate)
        {
            var log = options.Logger ?? new DeferredConsoleLogger();
            if (s_serving)
            {
                return "present " + s_how;
            }

            if (options.Disabled || AttachAgentOptions.DisabledByEnvironment())
            {
                log.Information("AttachKit agent not loaded into process {Pid}: {Variable} is set", Environment.ProcessId, AttachAgentOptions.DisableVariable);
                return $"refused {AttachAgentOptions.DisableVariable} is set";
            }

            // Silent here: why the signal could not be caught goes into the line below.
            s_trigger ??= SignalTrigger.Register(options.TriggerSignal, Serilog.Core.Logger.None);
            var listener = new AttachListener(options, log, CommandTable.BuiltIn().With(options.AppCommands));
            s_trigger?.Connect(listener.EnsurePublished);
            Serve(log, "injected");
            var caught = s_trigger is not null;
            listener.Defer(later => later.Information(
                "AttachKit agent injected into process {Pid} through the runtime's diagnostic port by {Injector}{Signal}",
                Environment.ProcessId,
                injector,
                caught ? "" : $"; signal {Signals.NumberOf(options.TriggerSignal)} stays ignored, as the process inherited it (its socket is up without it)"));
            listener.EnsurePublished();
            return "loaded";
        }
    }

    // From now on the agent serves; a startup hook asked to load it again, from any load context, finds it here.
    private static void Serve(Serilog.ILogger log, string how)
    {
        s_serving = true;
        s_log = log;
        s_how = how;
        AppContext.SetData(AgentInjection.PresenceKey, (Func<string, string>)Presence);
    }

    private static string Presence(string note)
    {
        lock (Gate)
        {
            s_log?.Information("AttachKit agent in process {Pid} ({How}): {Note}", Environment.ProcessId, s_how, note);
            return s_how;
        }
    }

    /// <summary>
    /// Registers the trigger before the agent's options are known, so that a hosted app gets it in
    /// while its host is being built, before logging first touches the console and starts the
    /// runtime's signal handling (after which an inherited ignored SIGQUIT can no longer be undone).
    /// A signal that arrives before <see cref="Install(AttachAgentOptions)"/> is answered by it.
    /// </summary>
    /// <returns>Whether the signal is caught now.</returns>
    internal static bool Arm(PosixSignal signal)
    {
        lock (Gate)
        {
            // Silent: if this fails, Install tries again and logs why through the app's logger.
            s_trigger ??= SignalTrigger.Register(signal, Serilog.Core.Logger.None);
            return s_trigger is not null;
        }
    }

    /// <summary>Whether the agent catches <paramref name="signal"/> (armed or installed).</summary>
    internal static bool Catches(PosixSignal signal)
    {
        lock (Gate)
        {
            return s_trigger is not null && Signals.NumberOf(s_trigger.Signal) == Signals.NumberOf(signal);
        }
    }
}
