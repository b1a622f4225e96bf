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

    /// <summary>
    /// Takes another user's effective (and so file-system) uid and gid on the calling thread until disposed:
    /// what a listener reads of its peer at connect(2) (SO_PEERCRED) is then that user, as the listener's own
    /// user namespace maps it. For a target in another user namespace, where this process's root is not
    /// mapped and shows as the overflow uid, which the target refuses. The raw setresuid(2)/setresgid(2)
    /// calls change the calling thread only (the C library's wrappers would change every thread of the
    /// process). Only root can; use it around synchronous calls only.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The kernel did not switch the ids.</exception>
    public static EffectiveIdentity BecomeOnThisThread(uint uid, uint gid)
    {
        if (!IsRoot || (uid == RootUid && gid == EffectiveGid))
        {
            return default;
        }

        var previousGid = EffectiveGid;
        if (SetIds(SetResGid, gid) != 0)
        {
            throw new UnauthorizedAccessException($"could not take gid {gid}: {Errno.Describe(Errno.Last)}");
        }

        if (SetIds(SetResUid, uid) != 0)
        {
            var errno = Errno.Last;
            SetIds(SetResGid, previousGid);
            throw new UnauthorizedAccessException($"could not take uid {uid}: {Errno.Describe(errno)}");
        }

        return new EffectiveIdentity(previousGid, active: true);
    }

    /// <summary>
    /// Becomes user <paramref name="uid"/> with group <paramref name="gid"/> and no supplementary groups, in every
    /// thread and for good: real, effective and saved ids alike, so no way back to root remains and the
    /// capabilities are gone (the C library's setgroups, setresgid and setresuid, which change every thread).
    /// For a process that goes on to run what another user controls. Nothing changes for the ids it has already.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The kernel did not switch the ids.</exception>
    public static void BecomeForGood(uint uid, uint gid)
    {
        if (uid == EffectiveUid && gid == EffectiveGid && !IsRoot)
        {
            return;
        }

        if ((IsRoot && SetGroups(0, 0) != 0) || SetResGidAll(gid, gid, gid) != 0 || SetResUidAll(uid, uid, uid) != 0)
        {
            throw new UnauthorizedAccessException($"could not become {uid}:{gid}: {Errno.Describe(Errno.Last)}");
        }

        if (GetEffectiveUid() != uid || GetEffectiveGid() != gid)
        {
            throw new UnauthorizedAccessException($"could not become {uid}:{gid}: the ids did not change");
        }
    }

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroups(nuint size, nint list);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    private static partial int SetResUidAll(uint real, uint effective, uint saved);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    private static partial int SetResGidAll(uint real, uint effective, uint saved);

    // setresuid and setresgid by number: 117 and 119 on x86-64, 147 and 149 in the generic table (arm64).
    private static long SetResUid => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 117,
        Architecture.Arm64 => 147,
        var other => throw new PlatformNotSupportedException($"taking another user's ids on one thread is not done on {other}"),
    };

    private static long SetResGid => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 119,
        Architecture.Arm64 => 149,
        var other => throw new PlatformNotSupportedException($"taking another user's ids on one thread is not done on {other}"),
    };

    private static long SetIds(long call, uint effective) => Syscall(call, uint.MaxValue, effective, uint.MaxValue);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, uint real, uint effective, uint saved);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGid();

    [LibraryImport("libc", EntryPoint = "setfsuid")]
    private static partial uint SetFsUid(uint uid);

    [LibraryImport("libc", EntryPoint = "setfsgid")]
    private static partial uint SetFsGid(uint gid);

    /// <summary>The effective ids taken by <see cref="BecomeOnThisThread"/>: root's given back when disposed (the real and saved uid stayed 0).</summary>
    internal readonly struct EffectiveIdentity(uint previousGid, bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active)
            {
                SetIds(SetResUid, RootUid);
                SetIds(SetResGid, previousGid);
            }
        }
    }

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
