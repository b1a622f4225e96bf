using System.Runtime.InteropServices;

namespace AttachKit.Linux.Signals;

/// <summary>Signal numbers (signal(7), the same on every architecture .NET runs on), their names, and kill(2).</summary>
internal static partial class Signals
{
    public const int Hangup = 1;
    public const int Interrupt = 2;
    public const int Quit = 3;
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <returns>0, or the errno (<see cref="Errno.Esrch"/>: no such process; <see cref="Errno.Eperm"/>: not allowed).</returns>
    public static int Send(int pid, int signal) => Kill(pid, signal) == 0 ? 0 : Errno.Last;

    /// <summary>Parses a signal given as a number or a name (QUIT, SIGQUIT, USR1, …).</summary>
    /// <exception cref="ArgumentException">Not a signal.</exception>
    public static int Parse(string text) => text.ToUpperInvariant().Replace("SIG", "", StringComparison.Ordinal) switch
    {
        "HUP" => Hangup,
        "INT" => Interrupt,
        "QUIT" => Quit,
        "USR1" => 10,
        "USR2" => 12,
        "TERM" => Terminate,
        var other when int.TryParse(other, out var number) && number is > 0 and < 65 => number,
        _ => throw new ArgumentException($"'{text}' is not a signal (use a number or a name such as QUIT or USR2)"),
    };

    /// <summary>The number of a <see cref="PosixSignal"/> (its named values are .NET's own, negative; others are raw numbers).</summary>
    public static int NumberOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => Hangup,
        PosixSignal.SIGINT => Interrupt,
        PosixSignal.SIGQUIT => Quit,
        PosixSignal.SIGTERM => Terminate,
        _ when (int)signal > 0 => (int)signal,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a Linux signal"),
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
