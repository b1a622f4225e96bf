using System.Runtime.InteropServices;

namespace AttachKit.Linux.Files;

/// <summary>
/// The names in a directory, straight from readdir(3). .NET's enumeration stats every symbolic link
/// to learn whether it leads to a directory, which makes listing /proc/self/fd several times slower.
/// </summary>
internal static unsafe partial class DirectoryNames
{
    // struct dirent (glibc, 64-bit file offsets): d_ino (8), d_off (8), d_reclen (2), d_type (1), then d_name.
    private const int NameOffset = 19;

    /// <exception cref="IOException">The directory cannot be opened.</exception>
    public static List<string> Of(string path)
    {
        var directory = OpenDirectory(path);
        if (directory == IntPtr.Zero)
        {
            throw Errno.Failure("opendir", path, Errno.Last);
        }

        try
        {
            var names = new List<string>();
            byte* entry;
            while ((entry = ReadDirectory(directory)) != null)
            {
                var name = Marshal.PtrToStringUTF8((IntPtr)(entry + NameOffset))!;
                if (name is not ("." or ".."))
                {
                    names.Add(name);
                }
            }

            return names;
        }
        finally
        {
            _ = CloseDirectory(directory);
        }
    }

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr OpenDirectory(string path);

    [LibraryImport("libc", EntryPoint = "readdir64")]
    private static partial byte* ReadDirectory(IntPtr directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDirectory(IntPtr directory);
}
