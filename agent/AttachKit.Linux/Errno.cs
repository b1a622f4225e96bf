using System.Runtime.InteropServices;

namespace AttachKit.Linux;

/// <summary>
/// The errno values AttachKit acts on (errno(3), Linux numbering, the same on every architecture .NET
/// runs on), and the one way a failed call becomes an exception: the call, what it was about, the
/// system's message and the number.
/// </summary>
internal static class Errno
{
    public const int Eperm = 1;
    public const int Enoent = 2;
    public const int Esrch = 3;
    public const int Eintr = 4;
    public const int Ebadf = 9;
    public const int Eagain = 11;
    public const int Eacces = 13;
    public const int Eexist = 17;
    public const int Enotdir = 20;
    public const int Einval = 22;
    public const int Epipe = 32;
    public const int Enosys = 38;
    public const int Eloop = 40;
    public const int Econnaborted = 103;
    public const int Econnrefused = 111;

    /// <summary>The errno of the last call made with <c>SetLastError = true</c> on this thread.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>"No such file or directory (errno 2)".</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    /// <summary>An exception for a failed call: "open /tmp/x failed: Permission denied (errno 13)".</summary>
    public static IOException Failure(string call, string? what, int errno)
        => new($"{call}{(what is null ? "" : " " + what)} failed: {Describe(errno)}");

    /// <summary>Throws <see cref="Failure"/> with the last errno when <paramref name="result"/> is negative.</summary>
    public static void Check(long result, string call, string? what = null)
    {
        if (result < 0)
        {
            throw Failure(call, what, Last);
        }
    }
}
