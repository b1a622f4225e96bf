using System.Globalization;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// The target's <c>Environment.TickCount64</c> now: the monotonic clock in milliseconds, which .NET's timers on
/// Linux record their start in. It is the same clock in every process of a time namespace; a target in another
/// time namespace (a container can have its own) is offset by the difference of the two namespaces' offsets
/// (time_namespaces(7)).
/// </summary>
internal static class TargetClock
{
    public static long NowMilliseconds(int pid) => Environment.TickCount64 + MonotonicOffsetMilliseconds(pid);

    private static long MonotonicOffsetMilliseconds(int pid)
    {
        try
        {
            return Offset($"/proc/{pid}/timens_offsets") - Offset("/proc/self/timens_offsets");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // No time namespaces in this kernel (before 5.6), or the file cannot be read: the same clock.
            return 0;
        }
    }

    // Lines "monotonic <seconds> <nanoseconds>" and "boottime …".
    private static long Offset(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3 && fields[0] is "monotonic" or "1")
            {
                return (long.Parse(fields[1], CultureInfo.InvariantCulture) * 1000) + (long.Parse(fields[2], CultureInfo.InvariantCulture) / 1_000_000);
            }
        }

        return 0;
    }
}
