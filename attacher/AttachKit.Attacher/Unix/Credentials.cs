using System.Runtime.InteropServices;

namespace AttachKit.Attacher.Unix;

/// <summary>This process's effective uid and gid, and a file's owner: what a HotSpot JVM checks of its attachers.</summary>
internal static partial class Credentials
{
    public const int RootUid = 0;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20; // struct statx has one layout on every architecture

    public static int EffectiveUid => (int)GetEuid();

    public static int EffectiveGid => (int)GetEgid();

    /// <summary>The uid that owns <paramref name="path"/> (not following a symlink); null when it cannot be read.</summary>
    public static int? OwnerOf(string path)
    {
        Span<byte> statx = stackalloc byte[StatxSize];
        return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, statx) == 0 ? (int)MemoryMarshal.Read<uint>(statx[StatxUidOffset..]) : null;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEgid();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, int mask, Span<byte> buffer);
}
