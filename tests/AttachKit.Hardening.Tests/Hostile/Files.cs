using Mono.Unix.Native;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>A file's own facts (lstat(2): a symbolic link is not followed).</summary>
internal sealed record FileFacts(bool IsRegular, bool IsSymbolicLink, uint Uid, int Mode, ulong Inode, long Size);

internal static class Files
{
    public static FileFacts? Of(string path)
    {
        if (Syscall.lstat(path, out var status) != 0)
        {
            return null;
        }

        var type = status.st_mode & FilePermissions.S_IFMT;
        return new FileFacts(
            type == FilePermissions.S_IFREG,
            type == FilePermissions.S_IFLNK,
            status.st_uid,
            (int)status.st_mode & 0x1ff,
            status.st_ino,
            status.st_size);
    }

    /// <summary>Makes <paramref name="path"/> a directory anyone may create files in, each removable only by its owner (1777, as /tmp).</summary>
    public static void MakeSticky(string path)
    {
        if (Syscall.chmod(path, (FilePermissions)Convert.ToUInt32("1777", 8)) != 0)
        {
            throw new InvalidOperationException($"chmod 1777 {path} failed: {Stdlib.GetLastError()}");
        }
    }

    /// <summary>Writes a file only root may read or write (mode 0600).</summary>
    public static void WriteRootOnly(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
