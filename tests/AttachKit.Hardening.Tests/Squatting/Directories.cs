namespace AttachKit.Hardening.Tests.Squatting;

internal static class Directories
{
    /// <summary>Makes <paramref name="path"/> world-writable and sticky (1777), as /tmp is: anyone may create a name there.</summary>
    public static void MakeSticky(string path) => File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("1777", 8));

    /// <summary>A file in <paramref name="directory"/> only root may read or write (0600), holding "root only".</summary>
    public static string RootOnlyFile(string directory)
    {
        var path = Path.Combine(directory, "root-only");
        File.WriteAllText(path, "root only");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
