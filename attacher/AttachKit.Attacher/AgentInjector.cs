using AttachKit.Attacher.Discovery;
using AttachKit.Attacher.Injection;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>What <see cref="AgentInjector.Inject"/> found or did.</summary>
public enum InjectionOutcome
{
    /// <summary>The agent was loaded into the process, and its socket is up.</summary>
    Loaded,

    /// <summary>The app has the agent already (it installed it): nothing was loaded.</summary>
    AlreadyInstalled,

    /// <summary>The agent was loaded into the process before: nothing was loaded.</summary>
    AlreadyInjected,
}

/// <summary>
/// Loads the AttachKit agent into a running .NET 8+ process that never referenced it, as a startup hook through
/// the runtime's diagnostic port, so that it can be attached to as if it had installed the agent (README,
/// "Attach without a code change"). The agent's files are placed in a new private directory in the process's
/// TMPDIR as its user, and removed once its runtime has loaded them; the agent publishes its socket at once.
/// </summary>
/// <param name="options">The timeout (<see cref="AttachClientOptions.Timeout"/>) bounds the wait for the runtime's answer.</param>
public sealed class AgentInjector(AttachClientOptions? options = null)
{
    private readonly AttachClientOptions _options = options ?? new AttachClientOptions();

    /// <summary>Loads the agent into process <paramref name="pid"/> unless it has it; blocks the calling thread until the process has answered.</summary>
    /// <returns>Whether it was loaded now or was there already.</returns>
    /// <exception cref="InjectionRefusedException">It cannot be loaded: the app forbids it, its runtime or its configuration cannot, its diagnostic port is unreachable; the message says which.</exception>
    /// <exception cref="AttachException">Any other failure, typed by kind (no such process, permission, a runtime that did not answer in time).</exception>
    public InjectionOutcome Inject(int pid)
    {
        var target = TargetProcess.Find(pid);
        var kind = target.Kind();
        if (kind is TargetKind.HotSpot or TargetKind.OpenJ9)
        {
            throw new InjectionRefusedException($"process {pid} is a JVM: the AttachKit agent is for .NET processes (attachkit attaches to a HotSpot JVM's own listener)");
        }

        var modules = Maps(target);
        if (kind == TargetKind.AttachKitAgent)
        {
            return modules.InjectedHook ? InjectionOutcome.AlreadyInjected : InjectionOutcome.AlreadyInstalled;
        }

        if (modules.InjectedHook)
        {
            throw new InjectionRefusedException($"process {pid} refused the agent when it was loaded before (its log says why), and its runtime holds that attempt's hook: it is not asked again");
        }

        if (WhyNot(target, modules) is { } why)
        {
            throw new InjectionRefusedException($"the AttachKit agent cannot be loaded into process {pid}: {why.Phrase}");
        }

        var payload = AgentPayload.Load() ?? throw new InjectionRefusedException("this build of attachkit carries no agent to load; use the native binary or the .NET tool");
        return Load(target, payload);
    }

    /// <summary>Why the agent could not be loaded into a .NET process without it; null when nothing known says so.</summary>
    /// <exception cref="IOException">The process exited, or its TMPDIR cannot be opened.</exception>
    internal static InjectionBlocker? WhyNot(TargetProcess target, MappedModules modules)
    {
        if (InjectionChecks.Blocker(target, modules) is { } blocker)
        {
            return blocker;
        }

        using var port = DiagnosticPort.PlaceOf(target);
        return port is null || port.HasCandidate() ? null : new("no diagnostic port", $"its diagnostic port is unreachable (no socket of its user at {port.Path})");
    }

    private InjectionOutcome Load(TargetProcess target, AgentPayload payload)
    {
        var pid = target.Pid;
        using var port = DiagnosticPort.PlaceOf(target) ?? throw new TargetNotFoundException($"process {pid} exited");
        using var socket = AttachConnector.TryConnect(port, pid, target.EffectiveIds().Uid)
            ?? throw new InjectionRefusedException($"the AttachKit agent cannot be loaded into process {pid}: its diagnostic port is unreachable (nothing listens at {port.Path})");

        PlacedAgent placed;
        try
        {
            placed = PlacedAgent.Place(target, payload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InjectionRefusedException($"the AttachKit agent's files cannot be placed in the TMPDIR of process {pid}: {e.Message}", e);
        }

        using (placed)
        {
            uint? error;
            try
            {
                error = DiagnosticPort.ApplyStartupHook(socket, placed.HookPath, _options.Timeout);
            }
            catch (TimeoutException e)
            {
                // The runtime may be loading them still: removing them now would end the process.
                placed.Keep();
                throw new AttachTimeoutException($"process {pid} did not answer within {_options.Timeout.TotalSeconds:0.#} s of being asked to load the agent; its files stay in {placed.Path}", e);
            }
            catch (IOException e)
            {
                throw new BrokenReplyException($"process {pid}'s diagnostic port failed while loading the agent: {e.Message}", e);
            }

            if (error is { } code)
            {
                throw new InjectionRefusedException($"the AttachKit agent cannot be loaded into process {pid}: {DiagnosticPort.Describe(code)}");
            }

            return Outcome(pid, placed.ReadResult());
        }
    }

    // The hook's one line (AgentInjection.ResultFileName); target-controlled text, shown escaped like every message.
    private static InjectionOutcome Outcome(int pid, string? result)
    {
        var (word, rest) = result?.Split(' ', 2) is [var first, .. var others] ? (first, others.FirstOrDefault() ?? "") : ("", "");
        return (word, rest) switch
        {
            ("loaded", _) => InjectionOutcome.Loaded,
            ("present", "injected") => InjectionOutcome.AlreadyInjected,
            ("present", _) => InjectionOutcome.AlreadyInstalled,
            ("refused", _) => throw new InjectionRefusedException($"process {pid} refused the AttachKit agent: {rest}"),
            ("failed", _) => throw new InjectionRefusedException($"the AttachKit agent failed to start in process {pid}: {rest}"),
            _ => throw new InjectionRefusedException($"process {pid}'s runtime did not run the agent's startup hook: its startup hooks are switched off (System.StartupHookProvider.IsSupported)"),
        };
    }

    private static MappedModules Maps(TargetProcess target)
    {
        try
        {
            return target.MappedModules();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AttachPermissionException($"cannot read /proc/{target.Pid}/maps: run attachkit as the owner of process {target.Pid} or as root", e);
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"process {target.Pid} exited");
        }
    }
}
