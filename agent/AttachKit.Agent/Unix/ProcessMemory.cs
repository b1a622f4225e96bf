using System.Globalization;

namespace AttachKit.Agent.Unix;

/// <summary>
/// This process's resident memory, from /proc/self/status (proc(5): VmRSS, VmHWM). Read directly:
/// <c>Environment.WorkingSet</c> goes through System.Diagnostics.Process by reflection on Linux.
/// </summary>
internal readonly record struct ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessMemory Read()
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return new ProcessMemory(resident, peak);
    }

    // "VmRSS:	   12345 kB"
    private static long Kilobytes(string line)
    {
        var value = line.AsSpan(line.IndexOf(':') + 1).Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
    }
}
