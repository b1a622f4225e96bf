using System.Globalization;

namespace AttachKit.Protocol;

/// <summary>
/// What the attacher and the agent agree on when the attacher loads the agent into a process that never
/// referenced it (README, "Attach without a code change"): the off switches an app sets, the files the
/// attacher places for the runtime to load, and the files the agent's startup hook answers in. Constants
/// only: the startup hook uses them without loading this assembly. Not a wire client's concern, so internal.
/// </summary>
internal static class AgentInjection
{
    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, forbids loading the agent into the process.</summary>
    public const string DisableVariable = "ATTACHKIT_DISABLE_INJECTION";

    /// <summary>The runtime configuration property (<c>runtimeconfig.json</c>, <c>configProperties</c>) that, <c>true</c>, forbids loading the agent into the process.</summary>
    public const string DisableProperty = "AttachKit.DisableInjection";

    /// <summary>The environment variable that turns the agent off entirely (<c>AttachAgentOptions.DisableVariable</c>): no injection either.</summary>
    public const string AgentDisableVariable = "ATTACHKIT_DISABLE";

    /// <summary>The startup hook's assembly, the file the runtime is asked to load.</summary>
    public const string HookFileName = "AttachKit.Agent.StartupHook.dll";

    /// <summary>The file the attacher writes beside the hook, who asked, for the agent's log: <c>pid &lt;pid&gt; uid &lt;uid&gt;</c>.</summary>
    public const string InjectorFileName = "injector";

    /// <summary>
    /// The file the hook writes beside itself before it returns: one line, its first word <c>loaded</c>,
    /// <c>present</c>, <c>refused</c> or <c>failed</c>, then why. None when the runtime did not run the hook.
    /// </summary>
    public const string ResultFileName = "result";

    /// <summary>The longest result the attacher reads.</summary>
    public const int LongestResult = 1024;

    /// <summary>What the agent publishes in the process, across load contexts (<c>AppContext.GetData</c>): a <c>Func&lt;string, string&gt;</c> that logs a note and answers <c>installed</c> or <c>injected</c>.</summary>
    public const string PresenceKey = "AttachKit.Agent.Presence";

    /// <summary>
    /// How the directories the attacher places the agent in begin: <c>.attachkit-agent-&lt;pid&gt;-</c>, then
    /// random hex digits (mode 0700, owned by the target's user, in its TMPDIR).
    /// </summary>
    public static string DirectoryPrefix(int pid) => string.Create(CultureInfo.InvariantCulture, $".attachkit-agent-{pid}-");
}
