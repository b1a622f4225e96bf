using System.Runtime.InteropServices;

namespace AttachKit.Attacher.Unix;

/// <summary>This process's effective uid and gid: what a HotSpot JVM checks of its attachers.</summary>
internal static partial class Credentials
{
    public const int RootUid = 0;

    public static int EffectiveUid => (int)GetEuid();

    public static int EffectiveGid => (int)GetEgid();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEgid();
}
