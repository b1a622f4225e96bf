using System.Runtime.InteropServices;

namespace AttachKit.Linux;

/// <summary>This process's credentials: the effective ids (what a listener checks of its peers) and the file-system ids (what the kernel checks when a file is opened or made).</summary>
internal static partial class Credentials
{
    public const uint RootUid = 0;

    public static uint EffectiveUid => GetEffectiveUid();

    public static uint EffectiveGid => GetEffectiveGid();

    public static bool IsRoot => EffectiveUid == RootUid;

    /// <summary>
    /// Acts with the file-system uid and gid of another user on the calling thread until disposed
    /// (setfsuid(2), setfsgid(2): per thread, and they change nothing else), so that what is created in
    /// that user's space is theirs and what they may not touch is refused as it would be to them. Only root
    /// can take another user's ids; for anyone else (or for the ids this process has) nothing changes.
    /// Use it around synchronous calls only: an await may continue on another thread.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The kernel did not switch the ids.</exception>
    public static FileSystemIdentity ActAs(uint uid, uint gid)
    {
        if (!IsRoot || (uid == RootUid && gid == EffectiveGid))
        {
            return default;
        }

        var previousGid = SetFsGid(gid);
        var previousUid = SetFsUid(uid);
        var identity = new FileSystemIdentity(previousUid, previousGid, active: true);

        // setfsuid returns the previous id whether or not it switched: asking again returns the current one.
        if (SetFsUid(uid) != uid || SetFsGid(gid) != gid)
        {
            identity.Dispose();
            throw new UnauthorizedAccessException($"could not take the file-system ids {uid}:{gid} (setfsuid/setfsgid)");
        }

        return identity;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGid();

    [LibraryImport("libc", EntryPoint = "setfsuid")]
    private static partial uint SetFsUid(uint uid);

    [LibraryImport("libc", EntryPoint = "setfsgid")]
    private static partial uint SetFsGid(uint gid);

    /// <summary>The file-system ids taken by <see cref="ActAs"/>, given back when disposed.</summary>
    internal readonly struct FileSystemIdentity(uint previousUid, uint previousGid, bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active)
            {
                SetFsUid(previousUid);
                SetFsGid(previousGid);
            }
        }
    }
}
