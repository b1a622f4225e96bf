using System.Runtime.InteropServices;
using Mono.Unix.Native;

namespace AttachKit.Agent.Unix;

/// <summary>
/// What statx(2) says of a path (never following a symlink: AT_SYMLINK_NOFOLLOW) or of one of this
/// process's descriptors (AT_EMPTY_PATH, as fstat(2)). struct statx has one layout on every architecture.
/// </summary>
internal readonly record struct FileStatus(uint OwnerUid, ulong Device, ulong Inode, int Mode, ulong LinkCount)
{
    private const int TypeMask = 0xF000;

    // S_IFSOCK and S_IFDIR (inode(7)) as numbers: comparing with Mono.Unix's enum would load Mono.Posix
    // and the netstandard facade on the first signal's way to publishing, for two constants.
    private const int SocketType = 0xC000;
    private const int DirectoryType = 0x4000;

    public bool IsSocket => (Mode & TypeMask) == SocketType;

    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>The file type bits alone (S_IFREG, S_IFDIR, …).</summary>
    public FilePermissions Type => (FilePermissions)(Mode & TypeMask);

    /// <summary>The permission bits (rwx for owner, group, others).</summary>
    public int PermissionBits => Mode & 0x1FF;

    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The status of <paramref name="path"/>; null when nothing is there.</summary>
    public static FileStatus? Of(string path) => Read(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.Enoent);

    /// <summary>The status of this process's descriptor <paramref name="descriptor"/>; null when it is not open.</summary>
    public static FileStatus? OfDescriptor(int descriptor) => Read(descriptor, "", Libc.AtEmptyPath, Libc.Ebadf);

    private static FileStatus? Read(int directory, string path, int flags, int absentErrno)
    {
        Span<byte> statx = stackalloc byte[Libc.StatxSize];
        if (Libc.Statx(directory, path, flags, Libc.StatxBasicStats, statx) != 0)
        {
            return Marshal.GetLastPInvokeError() == absentErrno ? null : throw new IOException($"statx {path}: {Libc.LastError()}");
        }

        // struct statx offsets: stx_nlink 16, stx_uid 20, stx_mode 28 (u16), stx_ino 32, stx_dev_major 136, stx_dev_minor 140.
        var device = ((ulong)MemoryMarshal.Read<uint>(statx[136..]) << 32) | MemoryMarshal.Read<uint>(statx[140..]);
        return new FileStatus(
            MemoryMarshal.Read<uint>(statx[20..]),
            device,
            MemoryMarshal.Read<ulong>(statx[32..]),
            MemoryMarshal.Read<ushort>(statx[28..]),
            MemoryMarshal.Read<uint>(statx[16..]));
    }
}
