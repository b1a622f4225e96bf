using System.Runtime.InteropServices;

namespace AttachKit.Agent.Unix;

/// <summary>
/// The libc calls of installing and of the path from the first signal to a published socket.
/// Direct calls, not Mono.Unix: Mono's first call costs ≈ 22 ms (it loads its helper library),
/// which would be most of the time the first attach takes; these cost microseconds.
/// </summary>
internal static partial class Libc
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7ff;

    /// <summary>The size of struct statx (statx(2)); its layout is the same on every architecture.</summary>
    public const int StatxSize = 256;

    public const int Enoent = 2;
    public const int Ebadf = 9;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, Span<byte> statx);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    public const nint SigDfl = 0;
    public const nint SigIgn = 1;
    public const nint SigErr = -1;

    /// <summary>signal(2), only ever with SIG_DFL or SIG_IGN (no handler of ours runs in signal context).</summary>
    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signal, nint disposition);

    /// <summary>sysconf(3) name of the clock tick rate that proc(5) times are counted in.</summary>
    public const int ScClockTicks = 2;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    public static partial long Sysconf(int name);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    /// <summary>The last call's errno, as "ENOENT-like text (n)".</summary>
    public static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}
