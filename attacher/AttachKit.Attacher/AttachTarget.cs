namespace AttachKit.Attacher;

/// <summary>What <see cref="AttachTargets.List"/> found of a .NET process or a JVM.</summary>
public enum TargetState
{
    /// <summary>The agent's (or the JVM's) socket is up: an attach connects without a signal.</summary>
    Listening,

    /// <summary>
    /// The agent is loaded and its listener not up (never triggered, or its socket was removed), or a JVM
    /// whose attach listener has not started: the first attach signals it.
    /// </summary>
    Dormant,

    /// <summary>The agent is loaded but switched off (ATTACHKIT_DISABLE), or a JVM started with -XX:+DisableAttachMechanism: the attacher never signals it.</summary>
    Disabled,

    /// <summary>A .NET process that shows no agent: signalling it would kill it.</summary>
    NoAgent,
}

/// <summary>The runtime of a process <see cref="AttachTargets.List"/> shows.</summary>
public enum TargetRuntime
{
    /// <summary>.NET (it maps libcoreclr.so or the agent).</summary>
    DotNet,

    /// <summary>A HotSpot JVM (it maps libjvm.so), attached to through its own attach listener.</summary>
    HotSpot,
}

/// <summary>A .NET process or JVM this user can inspect, as <see cref="AttachTargets.List"/> found it.</summary>
/// <param name="Pid">The pid as this process sees it (the host's, for a process in a container): the one to attach to.</param>
/// <param name="NamespacePid">The pid the process sees itself as (its innermost NSpid); it names its socket. Equal to <paramref name="Pid"/> outside containers.</param>
/// <param name="Uid">The effective uid.</param>
/// <param name="User">The user name of <paramref name="Uid"/>, or the number when it has none.</param>
/// <param name="Name">What the process runs: the app's assembly for <c>dotnet App.dll</c>, else the program's file name.</param>
/// <param name="CommandLine">The command line.</param>
/// <param name="StartTime">When it started (UTC).</param>
/// <param name="Uptime">How long it has run.</param>
/// <param name="State">Whether it has the agent, and whether its listener is up.</param>
/// <param name="InOtherUserNamespace">Whether it runs in another user namespace (a rootless container), where root attaches with the process's own ids.</param>
/// <param name="Runtime">.NET or a HotSpot JVM.</param>
/// <param name="NotInjectableBecause">For a process without the agent (<see cref="TargetState.NoAgent"/>): why the agent cannot be loaded into it (<see cref="AgentInjector"/>), in a phrase; null when it can, or when it has the agent.</param>
/// <param name="NotInjectableShort">The same in a few words, for a table.</param>
public sealed record AttachTarget(
    int Pid,
    int NamespacePid,
    int Uid,
    string User,
    string Name,
    IReadOnlyList<string> CommandLine,
    DateTimeOffset StartTime,
    TimeSpan Uptime,
    TargetState State,
    bool InOtherUserNamespace = false,
    TargetRuntime Runtime = TargetRuntime.DotNet,
    string? NotInjectableBecause = null,
    string? NotInjectableShort = null)
{
    /// <summary>Whether the agent can be loaded into it (<see cref="AgentInjector"/>, <c>attachkit … --inject</c>): a .NET process without the agent that nothing known keeps from it.</summary>
    public bool Injectable => State == TargetState.NoAgent && NotInjectableBecause is null;

    /// <summary>Whether an attach would go ahead without <c>--force</c>: its listener is up, or its agent is loaded and not switched off.</summary>
    public bool CanAttach => State is TargetState.Listening or TargetState.Dormant;

    /// <summary>Whether it is in another pid namespace (a container).</summary>
    public bool InOtherNamespace => NamespacePid != Pid;
}

/// <summary>The .NET processes and JVMs of a listing, and the processes that could not be inspected.</summary>
/// <param name="Targets">Every .NET process and HotSpot JVM this user can inspect, by pid; with and without the agent.</param>
/// <param name="Unreadable">Processes whose memory map this user may not read: whether they are .NET is unknown.</param>
public sealed record AttachTargetList(IReadOnlyList<AttachTarget> Targets, IReadOnlyList<UnreadableProcess> Unreadable);

/// <summary>A process <see cref="AttachTargets.List"/> could not inspect, and why.</summary>
/// <param name="Pid">Its pid.</param>
/// <param name="Uid">Its effective uid, or -1 when even its status could not be read.</param>
/// <param name="Name">Its name as proc(5) status gives it (the kernel's, at most 15 bytes).</param>
/// <param name="Reason">Why its memory map (/proc/&lt;pid&gt;/maps) could not be read, for a person.</param>
public sealed record UnreadableProcess(int Pid, int Uid, string Name, string Reason);
