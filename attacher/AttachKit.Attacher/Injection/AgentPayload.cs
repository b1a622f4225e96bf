using AttachKit.Protocol;

namespace AttachKit.Attacher.Injection;

/// <summary>
/// The agent's files this library carries, to place in a process that does not have the agent: the startup
/// hook (agent/AttachKit.Agent.StartupHook) and every assembly beside it, embedded at build time under
/// <c>agent/&lt;file&gt;</c> (AttachKit.Attacher.csproj).
/// </summary>
internal sealed class AgentPayload
{
    private const string Prefix = "agent/";

    private AgentPayload(IReadOnlyList<string> resources) => Resources = resources;

    private IReadOnlyList<string> Resources { get; }

    /// <summary>The files, by name, each opened when it is written.</summary>
    public IEnumerable<(string Name, Func<Stream> Open)> Files
        => Resources.Select(resource => (resource[Prefix.Length..], (Func<Stream>)(() => typeof(AgentPayload).Assembly.GetManifestResourceStream(resource)!)));

    /// <summary>The payload, or null in a build that carries none (the native CLI's trace-parsing image).</summary>
    public static AgentPayload? Load()
    {
        var resources = typeof(AgentPayload).Assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        return resources.Contains(Prefix + AgentInjection.HookFileName) ? new AgentPayload(resources) : null;
    }
}
