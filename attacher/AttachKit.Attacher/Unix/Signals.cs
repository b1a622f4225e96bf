using System.Runtime.InteropServices;

namespace AttachKit.Attacher.Unix;

/// <summary>
/// kill(2). A direct libc call rather than Mono.Unix: the attacher ships as one native file, and
/// Mono.Unix needs its helper library beside it.
/// </summary>
internal static partial class Signals
{
    public const int Quit = 3;

    private const int Esrch = 3;
    private const int Eperm = 1;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <returns>0, or the errno (ESRCH: no such process; EPERM: not allowed).</returns>
    public static int Send(int pid, int signal) => Kill(pid, signal) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static bool IsNoSuchProcess(int errno) => errno == Esrch;

    public static bool IsNotPermitted(int errno) => errno == Eperm;

    /// <summary>Parses a signal given as a number or a name (QUIT, SIGQUIT, USR1, …).</summary>
    public static int Parse(string text) => text.ToUpperInvariant().Replace("SIG", "", StringComparison.Ordinal) switch
    {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "USR1" => 10,
        "USR2" => 12,
        "TERM" => 15,
        var other when int.TryParse(other, out var number) && number is > 0 and < 65 => number,
        _ => throw new ArgumentException($"'{text}' is not a signal (use a number or a name such as QUIT or USR2)"),
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
