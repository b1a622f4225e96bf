using System.Runtime.InteropServices;

namespace AttachKit.Attacher.Unix;

/// <summary>What statx(2) says of a path, not following a final symlink: its owner, whether it is a socket, when it was last written.</summary>
internal readonly partial record struct FileStatus(int Uid, bool IsSocket, DateTime LastWriteUtc)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int StatxType = 0x1;
    private const int StatxUid = 0x8;
    private const int StatxModifiedTime = 0x40;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int SocketType = 0xC000; // S_IFSOCK

    // struct statx has one layout on every architecture (statx(2)).
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;
    private const int ModifiedTimeOffset = 112;

    /// <summary>The path's status; null when it cannot be read (no such file, or not allowed).</summary>
    public static FileStatus? Of(string path)
    {
        Span<byte> statx = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxUid | StatxModifiedTime, statx) != 0)
        {
            return null;
        }

        var mode = MemoryMarshal.Read<ushort>(statx[ModeOffset..]);
        var seconds = MemoryMarshal.Read<long>(statx[ModifiedTimeOffset..]);
        var nanoseconds = MemoryMarshal.Read<uint>(statx[(ModifiedTimeOffset + sizeof(long))..]);
        return new FileStatus(
            (int)MemoryMarshal.Read<uint>(statx[UidOffset..]),
            (mode & FileTypeMask) == SocketType,
            DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, int mask, Span<byte> buffer);
}
