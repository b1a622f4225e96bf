using System.Runtime.InteropServices;

namespace AttachKit.Linux.Files;

/// <summary>The kinds of file inode(7) tells apart (the S_IFMT bits of st_mode).</summary>
internal enum FileType
{
    /// <summary>None of the others: an anonymous inode (eventfd, epoll, …) has no type bits.</summary>
    Unknown = 0,
    Fifo = 0x1000,
    CharDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    Symlink = 0xA000,
    Socket = 0xC000,
}

/// <summary>
/// What statx(2) says of a file: never following a final symlink (AT_SYMLINK_NOFOLLOW), or of an open
/// descriptor (AT_EMPTY_PATH, as fstat(2)). struct statx has one layout on every architecture.
/// </summary>
internal readonly partial record struct FileStatus(uint OwnerUid, uint OwnerGid, ulong Device, ulong Inode, int Mode, ulong LinkCount, DateTime LastWriteUtc)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint BasicStats = 0x7ff;
    private const int StatxSize = 256;
    private const int TypeMask = 0xF000;

    public FileType Type => (FileType)(Mode & TypeMask) switch
    {
        var type and (FileType.Fifo or FileType.CharDevice or FileType.Directory or FileType.BlockDevice or FileType.Regular or FileType.Symlink or FileType.Socket) => type,
        _ => FileType.Unknown,
    };

    public bool IsSocket => Type == FileType.Socket;

    public bool IsDirectory => Type == FileType.Directory;

    public bool IsRegular => Type == FileType.Regular;

    /// <summary>The permission bits (rwx for owner, group, others).</summary>
    public int PermissionBits => Mode & 0x1FF;

    /// <summary>Whether only the owner has any permission (no group or other bits): a private file or directory.</summary>
    public bool IsOwnerOnly => (Mode & 0x3F) == 0;

    /// <summary>
    /// Whether a user with <paramref name="uid"/>, <paramref name="gid"/> and <paramref name="groups"/> may read
    /// the file by its permission bits (the owner's bits for the owner, else the group's for a member, else the
    /// others'), as the kernel decides for anyone without privileges; access control lists are not read.
    /// </summary>
    public bool AllowsReading(uint uid, uint gid, IReadOnlyList<uint> groups)
        => uid == OwnerUid ? (Mode & 0x100) != 0
            : gid == OwnerGid || groups.Contains(OwnerGid) ? (Mode & 0x20) != 0
            : (Mode & 0x4) != 0;

    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>
    /// Whether this entry keeps user <paramref name="uid"/> from publishing a socket under its name (docs/PROTOCOL.md,
    /// "Where the socket is"): another user's file, or a directory, neither of which rename(2) may replace.
    /// </summary>
    public bool IsTakenFrom(uint uid) => OwnerUid != uid || IsDirectory;

    /// <summary>The status of <paramref name="path"/> itself (a symlink is not followed); null when nothing is there.</summary>
    /// <exception cref="IOException">statx failed otherwise (not allowed, not a directory on the way, …).</exception>
    public static FileStatus? Of(string path) => Read(AtFdCwd, path, AtSymlinkNoFollow, Errno.Enoent);

    /// <summary>The status of <paramref name="name"/> in the directory <paramref name="directory"/> (an O_PATH descriptor), never following a final symlink; null when nothing is there.</summary>
    /// <inheritdoc cref="Of(string)"/>
    public static FileStatus? At(SafeHandle directory, string name)
    {
        using var held = new HeldDescriptor(directory);
        return Read(held.Number, name, AtSymlinkNoFollow, Errno.Enoent);
    }

    /// <summary>The status of this process's descriptor <paramref name="descriptor"/>; null when it is not open.</summary>
    public static FileStatus? OfDescriptor(int descriptor) => Read(descriptor, "", AtEmptyPath, Errno.Ebadf);

    /// <summary>The status of the file <paramref name="handle"/> refers to (an O_PATH descriptor too).</summary>
    /// <exception cref="IOException">statx failed.</exception>
    public static FileStatus OfHandle(SafeHandle handle)
    {
        using var held = new HeldDescriptor(handle);
        return OfDescriptor(held.Number) ?? throw Errno.Failure("statx", "of a descriptor", Errno.Ebadf);
    }

    private static FileStatus? Read(int directory, string path, int flags, int absentErrno)
    {
        Span<byte> statx = stackalloc byte[StatxSize];
        if (Statx(directory, path, flags, BasicStats, statx) != 0)
        {
            var errno = Errno.Last;
            return errno == absentErrno ? null : throw Errno.Failure("statx", path, errno);
        }

        // struct statx offsets: stx_nlink 16, stx_uid 20, stx_gid 24, stx_mode 28 (u16), stx_ino 32,
        // stx_mtime 112 (i64 seconds, u32 nanoseconds), stx_dev_major 136, stx_dev_minor 140.
        var device = ((ulong)MemoryMarshal.Read<uint>(statx[136..]) << 32) | MemoryMarshal.Read<uint>(statx[140..]);
        var seconds = MemoryMarshal.Read<long>(statx[112..]);
        var nanoseconds = MemoryMarshal.Read<uint>(statx[120..]);
        return new FileStatus(
            MemoryMarshal.Read<uint>(statx[20..]),
            MemoryMarshal.Read<uint>(statx[24..]),
            device,
            MemoryMarshal.Read<ulong>(statx[32..]),
            MemoryMarshal.Read<ushort>(statx[28..]),
            MemoryMarshal.Read<uint>(statx[16..]),
            DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> statx);
}
