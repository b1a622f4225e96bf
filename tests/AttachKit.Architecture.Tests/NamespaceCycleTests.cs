using System.Text;

namespace AttachKit.Architecture.Tests;

/// <summary>
/// No product assembly has a namespace cycle: of two namespaces where neither holds the other, at most
/// one uses the other, directly or through others (<see cref="NamespaceGraph.Cycles"/>). Folders are
/// namespaces, so a cycle is two folders that cannot be understood, tested or moved one without the other.
/// A failure names every cycle of the assembly and every use that makes it.
/// </summary>
public class NamespaceCycleTests
{
    [Theory]
    [InlineData("AttachKit.Protocol")]
    [InlineData("AttachKit.Linux")]
    [InlineData("AttachKit.Redaction")]
    [InlineData("AttachKit.Agent")]
    [InlineData("AttachKit.Agent.Hosting")]
    [InlineData("AttachKit.Attacher")]
    [InlineData("AttachKit.Attacher.Threads")]
    [InlineData("attachkit")]
    public void NoTwoNamespacesOfTheAssemblyUseOneAnother(string assembly)
    {
        var graph = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, Describe(assembly, cycles));
    }

    // Each cycle as the namespaces in it, then every use between them, type by type: what to move to break it.
    private static string Describe(string assembly, IReadOnlyList<FolderCycle> cycles)
    {
        var text = new StringBuilder($"{assembly} has {cycles.Count} namespace cycle(s) (a namespace counts with those nested in it):\n");
        foreach (var cycle in cycles)
        {
            text.Append("  ").AppendJoin(" <-> ", cycle.Namespaces);
            text.Append(cycle.Namespaces.Count > 2 ? " (each reaches every other through the uses below)\n" : "\n");
            foreach (var use in cycle.Uses)
            {
                text.Append("    ").Append(use.From).Append(" -> ").Append(use.To).Append(":\n");
                foreach (var why in use.Why)
                {
                    text.Append("      ").Append(why).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
