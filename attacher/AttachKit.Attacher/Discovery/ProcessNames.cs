namespace AttachKit.Attacher.Discovery;

/// <summary>
/// The name <c>attachkit list</c> shows for a process, like <c>jps</c> shows a JVM's main class: for
/// <c>dotnet [options] App.dll</c> the app's assembly, else the program's file name (whole, unlike
/// the 15 bytes of proc(5) comm).
/// </summary>
internal static class ProcessNames
{
    public static string Of(IReadOnlyList<string> commandLine, string procDirectory)
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

        return program.Length > 0 ? program : Comm(procDirectory);
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
