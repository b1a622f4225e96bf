using Mono.Unix.Native;

namespace AttachKit.Agent.Unix;

/// <summary>What lstat(2) says of a path (never following a symlink), or fstat(2) of a descriptor.</summary>
internal readonly record struct FileStatus(uint OwnerUid, ulong Device, ulong Inode, FilePermissions Mode, ulong LinkCount)
{
    public bool IsSocket => (Mode & FilePermissions.S_IFMT) == FilePermissions.S_IFSOCK;

    public bool IsDirectory => (Mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR;

    /// <summary>The file type bits alone (S_IFREG, S_IFDIR, …).</summary>
    public FilePermissions Type => Mode & FilePermissions.S_IFMT;

    /// <summary>The permission bits (rwx for owner, group, others).</summary>
    public int PermissionBits => (int)Mode & 0x1FF;

    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>lstat(2) of <paramref name="path"/>; null when nothing is there.</summary>
    public static FileStatus? Of(string path)
    {
        if (Syscall.lstat(path, out var stat) != 0)
        {
            var errno = Stdlib.GetLastError();
            return errno == Errno.ENOENT ? null : throw new IOException($"lstat {path}: {errno}");
        }

        return From(stat);
    }

    /// <summary>fstat(2) of this process's descriptor <paramref name="descriptor"/>; null when it is not open.</summary>
    public static FileStatus? OfDescriptor(int descriptor)
        => Syscall.fstat(descriptor, out var stat) == 0 ? From(stat) : null;

    private static FileStatus From(Stat stat) => new(stat.st_uid, stat.st_dev, stat.st_ino, stat.st_mode, stat.st_nlink);
}
