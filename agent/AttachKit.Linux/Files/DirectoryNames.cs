using Mono.Unix.Native;

namespace AttachKit.Linux.Files;

/// <summary>
/// The names in a directory, straight from readdir(3). .NET's enumeration stats every symbolic link
/// to learn whether it leads to a directory, which makes listing /proc/self/fd several times slower.
/// </summary>
internal static class DirectoryNames
{
    /// <exception cref="IOException">The directory cannot be opened.</exception>
    public static List<string> Of(string path)
    {
        var directory = Syscall.opendir(path);
        if (directory == IntPtr.Zero)
        {
            throw new IOException($"opendir {path}: {Stdlib.GetLastError()}");
        }

        try
        {
            var names = new List<string>();
            while (Syscall.readdir(directory) is { } entry)
            {
                if (entry.d_name is not ("." or ".."))
                {
                    names.Add(entry.d_name);
                }
            }

            return names;
        }
        finally
        {
            Syscall.closedir(directory);
        }
    }
}
