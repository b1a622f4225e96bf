using System.Globalization;

namespace AttachKit.Attacher.Discovery;

/// <summary>The lines of proc(5) status that the attacher needs: who the process runs as, and its pid in its own namespace.</summary>
/// <param name="Uid">The effective uid: the one the agent serves (with root), and the owner of its socket.</param>
/// <param name="NamespacePid">The innermost NSpid: the pid the process sees itself as, which names its socket.</param>
internal readonly record struct ProcStatus(int Uid, int NamespacePid)
{
    private static readonly char[] Separators = ['\t', ' '];

    /// <exception cref="IOException">The process exited.</exception>
    public static ProcStatus Read(string procDirectory, int pid)
    {
        int? uid = null, namespacePid = null;
        foreach (var line in File.ReadLines(Path.Combine(procDirectory, "status")))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                uid = Field(line, 2);
            }
            else if (line.StartsWith("NSpid:", StringComparison.Ordinal))
            {
                namespacePid = Field(line, ^1);
                break;
            }
        }

        return new ProcStatus(uid ?? -1, namespacePid ?? pid);
    }

    private static int? Field(string line, Index index)
    {
        var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var at = index.GetOffset(fields.Length);
        return at >= 1 && at < fields.Length && int.TryParse(fields[at], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
