using System.Runtime.InteropServices;

namespace AttachKit.Agent.Unix;

/// <summary>What statx(2) says of a path, never following a symlink (AT_SYMLINK_NOFOLLOW).</summary>
internal readonly record struct FileStatus(uint OwnerUid, ulong Device, ulong Inode, int Mode)
{
    private const int TypeMask = 0xF000;
    private const int Socket = 0xC000;
    private const int Directory = 0x4000;

    public bool IsSocket => (Mode & TypeMask) == Socket;

    public bool IsDirectory => (Mode & TypeMask) == Directory;

    /// <summary>The permission bits (rwx for owner, group, others).</summary>
    public int PermissionBits => Mode & 0x1FF;

    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The status of <paramref name="path"/>; null when nothing is there.</summary>
    public static FileStatus? Of(string path)
    {
        Span<byte> statx = stackalloc byte[Libc.StatxSize];
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, statx) != 0)
        {
            return Marshal.GetLastPInvokeError() == Libc.Enoent ? null : throw new IOException($"statx {path}: {Libc.LastError()}");
        }

        // struct statx offsets: stx_uid 20, stx_mode 28 (u16), stx_ino 32, stx_dev_major 136, stx_dev_minor 140.
        var device = ((ulong)MemoryMarshal.Read<uint>(statx[136..]) << 32) | MemoryMarshal.Read<uint>(statx[140..]);
        return new FileStatus(
            MemoryMarshal.Read<uint>(statx[20..]),
            device,
            MemoryMarshal.Read<ulong>(statx[32..]),
            MemoryMarshal.Read<ushort>(statx[28..]));
    }
}
