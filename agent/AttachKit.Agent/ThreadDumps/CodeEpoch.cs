using System.Globalization;

namespace AttachKit.Agent.ThreadDumps;

/// <summary>
/// Names the set of loaded assemblies, so that a client holding the method map of an earlier dump can
/// be spared the rundown (which grows with the code the process has compiled) while it has not changed.
/// Precompiled code comes and goes only with its assembly. The JIT's count of compiled methods is no guide:
/// tiering recompiles methods for as long as the process runs, the agent's own included, so code
/// JIT-compiled since the map is for the client to notice (an address the map does not name), and
/// then it asks again with a rundown.
/// </summary>
internal static class CodeEpoch
{
    public static string Current()
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        var identities = 0L;
        foreach (var assembly in assemblies)
        {
            // Order-independent: the list's order is not specified.
            identities += assembly.ManifestModule.ModuleVersionId.GetHashCode();
        }

        return string.Create(CultureInfo.InvariantCulture, $"{assemblies.Length}-{identities:x}");
    }
}
