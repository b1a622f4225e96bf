using System.Runtime.InteropServices;

namespace AttachKit.Linux.Files;

/// <summary>Operations on paths of this process's own (the agent's socket in its TMPDIR), with errors that name the path and the errno.</summary>
internal static partial class PosixFiles
{
    /// <summary>chmod(2) to owner read and write only.</summary>
    public static void MakeOwnerOnly(string path) => Errno.Check(Chmod(path, OpenFlags.OwnerReadWrite), "chmod", path);

    /// <summary>rename(2): atomically replaces whatever is at <paramref name="to"/> (a symlink itself, never its target).</summary>
    public static void Rename(string from, string to) => Errno.Check(RenameCall(from, to), "rename", $"{from} to {to}");

    /// <summary>unlink(2): removes the name itself, never what a symlink points to.</summary>
    public static void Unlink(string path) => Errno.Check(UnlinkCall(path), "unlink", path);

    /// <summary>rmdir(2).</summary>
    public static void RemoveDirectory(string path) => Errno.Check(RemoveDirectoryCall(path), "rmdir", path);

    /// <summary>mkdir(2); false when the name is taken.</summary>
    public static bool TryCreateDirectory(string path, int mode)
        => MakeDirectoryCall(path, mode) == 0 || (Errno.Last is var errno && errno == Errno.Eexist ? false : throw Errno.Failure("mkdir", path, errno));

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chmod(string path, int mode);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameCall(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkCall(string path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RemoveDirectoryCall(string path);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectoryCall(string path, int mode);
}
