using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// The agent's own load context: every assembly in the hook's directory is loaded here, from there, at once;
/// the runtime's own assemblies come from the app's context as always. At once, because the attacher removes
/// the directory as soon as the hook has answered: an assembly file can go once it is mapped, and one the
/// agent needed only later (the Diagnostics client, on the first thread dump) would be gone by then.
/// </summary>
internal sealed class AgentLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, Assembly> _assemblies = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="directory">Where the attacher placed the agent.</param>
    /// <param name="hook">The hook's own assembly name, which stays in the app's context.</param>
    public AgentLoadContext(string directory, string hook)
        : base("AttachKit.Agent", isCollectible: false)
    {
        foreach (var file in Directory.GetFiles(directory, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(name, hook, StringComparison.OrdinalIgnoreCase))
            {
                _assemblies[name] = LoadFromAssemblyPath(file);
            }
        }
    }

    /// <summary>The agent's assembly, loaded here.</summary>
    public Assembly Agent => _assemblies["AttachKit.Agent"];

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
        => assemblyName.Name is { } name && _assemblies.TryGetValue(name, out var assembly) ? assembly : null;
}
