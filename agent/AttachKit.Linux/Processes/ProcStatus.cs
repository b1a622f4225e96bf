using System.Globalization;

namespace AttachKit.Linux.Processes;

/// <summary>The lines of proc(5) status that AttachKit needs: who the process runs as, its pid in its own namespace, its signal dispositions and its capabilities.</summary>
/// <param name="Uid">The effective uid: the one the agent serves (with root), and the owner of its socket.</param>
/// <param name="Gid">The effective gid (a JVM's attach listener checks it too).</param>
/// <param name="NamespacePid">The innermost NSpid: the pid the process sees itself as, which names its socket.</param>
/// <param name="CaughtSignals">SigCgt: the signals it has a handler for (bit n-1 for signal n).</param>
/// <param name="IgnoredSignals">SigIgn: the signals it ignores.</param>
/// <param name="Groups">Its supplementary groups.</param>
/// <param name="PermittedCapabilities">CapPrm: the capabilities it may use (bit n for capability n).</param>
internal readonly record struct ProcStatus(int Uid, int Gid, int NamespacePid, ulong CaughtSignals, ulong IgnoredSignals, IReadOnlyList<uint> Groups, ulong PermittedCapabilities)
{
    private static readonly char[] Separators = ['\t', ' '];

    /// <summary>Whether <paramref name="signal"/> has a handler and is not ignored: sending it cannot kill the process.</summary>
    public bool Catches(int signal) => Has(CaughtSignals, signal) && !Ignores(signal);

    /// <summary>Whether <paramref name="signal"/>'s disposition is SIG_IGN.</summary>
    public bool Ignores(int signal) => Has(IgnoredSignals, signal);

    /// <summary>Whether a handler is installed for <paramref name="signal"/>.</summary>
    public bool Handles(int signal) => Has(CaughtSignals, signal);

    /// <summary>This process's status.</summary>
    public static ProcStatus OfThisProcess() => Read("/proc/self", Environment.ProcessId);

    /// <exception cref="IOException">The process exited.</exception>
    public static ProcStatus Read(string procDirectory, int pid)
    {
        int? uid = null, gid = null, namespacePid = null;
        ulong caught = 0, ignored = 0, permitted = 0;
        IReadOnlyList<uint> groups = [];
        foreach (var line in File.ReadLines(Path.Combine(procDirectory, "status")))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                uid = Field(line, 2);
            }
            else if (line.StartsWith("Gid:", StringComparison.Ordinal))
            {
                gid = Field(line, 2);
            }
            else if (line.StartsWith("Groups:", StringComparison.Ordinal))
            {
                groups = [.. line.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(group => uint.Parse(group, CultureInfo.InvariantCulture))];
            }
            else if (line.StartsWith("NSpid:", StringComparison.Ordinal))
            {
                namespacePid = Field(line, ^1);
            }
            else if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                ignored = Mask(line);
            }
            else if (line.StartsWith("SigCgt:", StringComparison.Ordinal))
            {
                caught = Mask(line);
            }
            else if (line.StartsWith("CapPrm:", StringComparison.Ordinal))
            {
                permitted = Mask(line);
                break;
            }
        }

        return new ProcStatus(uid ?? -1, gid ?? -1, namespacePid ?? pid, caught, ignored, groups, permitted);
    }

    private static int? Field(string line, Index index)
    {
        var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var at = index.GetOffset(fields.Length);
        return at >= 1 && at < fields.Length && int.TryParse(fields[at], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static ulong Mask(string line)
        => line.Split(Separators, StringSplitOptions.RemoveEmptyEntries) is [_, var hex, ..] && ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) ? mask : 0;

    private static bool Has(ulong mask, int signal) => (mask & (1UL << (signal - 1))) != 0;
}
