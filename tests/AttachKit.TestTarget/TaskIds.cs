using System.Globalization;

namespace AttachKit.TestTarget;

/// <summary>Linux thread ids and states of this process, from /proc (proc(5)).</summary>
internal static class TaskIds
{
    public static int Current()
    {
        var target = new FileInfo("/proc/thread-self").LinkTarget!;
        return int.Parse(target[(target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The state letter of thread <paramref name="tid"/> (field 3 of its stat, after the name in parentheses).</summary>
    public static char State(int tid)
    {
        var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
