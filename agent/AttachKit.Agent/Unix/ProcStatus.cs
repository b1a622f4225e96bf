using System.Globalization;

namespace AttachKit.Agent.Unix;

/// <summary>Signal masks of this process from /proc/self/status (proc(5): SigIgn, SigCgt).</summary>
internal static class ProcStatus
{
    /// <summary>Whether the signal's disposition is SIG_IGN.</summary>
    public static bool IsIgnored(int signal) => HasBit("SigIgn:", signal);

    /// <summary>Whether a handler is installed for the signal.</summary>
    public static bool IsCaught(int signal) => HasBit("SigCgt:", signal);

    private static bool HasBit(string field, int signal)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var mask = ulong.Parse(line.AsSpan(field.Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return (mask & (1UL << (signal - 1))) != 0;
            }
        }

        return false;
    }
}
