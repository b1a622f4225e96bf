namespace AttachKit.Linux.Processes;

/// <summary>
/// Names of a process, from proc(5): the name the runtime gives it (what
/// <see cref="System.Diagnostics.Process.ProcessName"/> says, for <c>version</c>), and the name
/// <c>attachkit list</c> shows for it (like <c>jps</c> shows a JVM's main class).
/// </summary>
internal static class ProcessNames
{
    /// <summary>
    /// The name as <see cref="System.Diagnostics.Process.ProcessName"/> gives it on Linux, read without
    /// it (it builds a whole process snapshot for this): <c>comm</c> from /proc/&lt;pid&gt;/stat (cut by the
    /// kernel to 15 bytes), unless the file name of argv[0], else of argv[1] (a script's interpreter comes
    /// first), starts with it.
    /// </summary>
    /// <param name="stat">The text of /proc/&lt;pid&gt;/stat: <c>pid (comm) state …</c>.</param>
    /// <param name="commandLine">The process's arguments, program first.</param>
    public static string RuntimeName(string stat, IReadOnlyList<string> commandLine)
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

    /// <summary>
    /// The name <c>attachkit list</c> and attachkit's messages show: for <c>dotnet [options] App.dll</c> the
    /// app's assembly; for one of the SDK's commands (<c>dotnet run …</c>, <c>dotnet watch …</c>) the
    /// command, <c>dotnet run</c>, which is a host and not the app; else the program's file name (whole,
    /// unlike the 15 bytes of comm), else comm.
    /// </summary>
    public static string DisplayName(IReadOnlyList<string> commandLine, string procDirectory)
    {
        if (commandLine.Count == 0)
        {
            return Comm(procDirectory);
        }

        var program = Path.GetFileName(commandLine[0]);
        if (program == "dotnet" && commandLine.Skip(1).FirstOrDefault(IsAssembly) is { } assembly)
        {
            return Path.GetFileNameWithoutExtension(assembly);
        }

        if (program == "dotnet" && commandLine.Skip(1).FirstOrDefault(argument => !argument.StartsWith('-')) is { Length: > 0 } sdkCommand)
        {
            return $"dotnet {sdkCommand}";
        }

        if (program == "java" && JavaMain(commandLine) is { } main)
        {
            return main;
        }

        return program.Length > 0 ? program : Comm(procDirectory);
    }

    // What jps shows for a JVM: the main class, or the jar of -jar, or the class of -m module/class.
    private static string? JavaMain(IReadOnlyList<string> commandLine)
    {
        for (var i = 1; i < commandLine.Count; i++)
        {
            var argument = commandLine[i];
            if (argument is "-jar" or "-m" or "--module")
            {
                return i + 1 < commandLine.Count ? commandLine[i + 1].Split('/')[^1] : null;
            }

            if (argument is "-cp" or "-classpath" or "--class-path" or "-p" or "--module-path" or "--add-modules" or "--add-opens" or "--add-exports")
            {
                i++;
            }
            else if (!argument.StartsWith('-'))
            {
                return argument;
            }
        }

        return null;
    }

    private static bool IsAssembly(string argument) => argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !argument.StartsWith('-');

    private static string Comm(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
