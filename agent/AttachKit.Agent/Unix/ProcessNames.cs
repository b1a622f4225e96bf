namespace AttachKit.Agent.Unix;

/// <summary>
/// This process's name as <see cref="System.Diagnostics.Process.ProcessName"/> gives it on Linux, read
/// without it: <c>comm</c> from proc(5) /proc/self/stat (cut by the kernel to 15 bytes), unless the file
/// name of argv[0], else of argv[1] (a script's interpreter comes first), starts with it. ProcessName
/// builds a whole process snapshot for this (/proc/self/status, the stat of every thread): measured, the
/// slowest step of the first <c>version</c> request.
/// </summary>
internal static class ProcessNames
{
    /// <param name="stat">The text of /proc/&lt;pid&gt;/stat: <c>pid (comm) state …</c>.</param>
    /// <param name="commandLine">The process's arguments, program first.</param>
    public static string Of(string stat, IReadOnlyList<string> commandLine)
    {
        // comm may hold spaces and parentheses itself: it ends at the last ')'.
        var start = stat.IndexOf('(', StringComparison.Ordinal) + 1;
        var end = stat.LastIndexOf(')');
        var comm = start > 0 && end >= start ? stat[start..end] : "";
        foreach (var argument in commandLine.Take(2))
        {
            // The runtime compares ignoring case (checked: argv[0] "DOTNETX" under comm "dotnet" gives "DOTNETX").
            var name = Path.GetFileName(argument);
            if (name.StartsWith(comm, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return comm;
    }
}
