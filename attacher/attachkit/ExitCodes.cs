using AttachKit.Attacher;
using AttachKit.Attacher.Inspection;
using AttachKit.Attacher.Threads;

namespace AttachKit.Cli;

/// <summary>
/// The exit codes of <c>attachkit</c>, one per kind of failure (README's table), and the one place
/// that says which failure exits with which: the libraries raise typed exceptions and know nothing of
/// a command line.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command ran and succeeded.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed.</summary>
    public const int Usage = 1;

    /// <summary>No process has that pid.</summary>
    public const int NoSuchProcess = 2;

    /// <summary>The process shows no sign of the AttachKit agent.</summary>
    public const int NoAgent = 3;

    /// <summary>The socket did not appear, or the command did not finish, in time.</summary>
    public const int TimedOut = 4;

    /// <summary>The operating system or the agent refused this user.</summary>
    public const int PermissionDenied = 5;

    /// <summary>The agent answered with an error: unknown or disabled command, bad arguments, command failure.</summary>
    public const int CommandFailed = 6;

    /// <summary>The reply was cut off (the target exited or closed the connection) or malformed.</summary>
    public const int BrokenReply = 7;

    /// <summary><c>deadlocks</c> found one (or more): the command itself succeeded.</summary>
    public const int DeadlockFound = 8;

    /// <summary>Every exit code with what it means, for help texts.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Success, "success"),
        (Usage, "bad command line"),
        (NoSuchProcess, "no such process"),
        (NoAgent, "the process is neither a .NET app with the AttachKit agent nor a HotSpot JVM (--inject loads the agent into a .NET 8+ app; --force signals single-file or native apps), or the agent cannot be loaded into it"),
        (TimedOut, "timed out: no socket appeared, or the command passed its deadline"),
        (PermissionDenied, "permission denied: attach as the process's owner or root"),
        (CommandFailed, "the command failed in the target (unknown, disabled, bad arguments, error; a JVM's non-zero status)"),
        (BrokenReply, "the reply was cut off or malformed (the target exited mid-reply?)"),
        (DeadlockFound, "deadlocks found a deadlock (0: none)"),
    ];

    /// <summary>
    /// The exit code for a failure attachkit reports, or null for an exception it does not expect (a bug,
    /// left to surface with its stack trace). A failure on attachkit's own side carries its code.
    /// </summary>
    public static int? For(Exception failure) => failure switch
    {
        ClientFailureException own => own.ExitCode,
        ArgumentException => Usage,
        TargetNotFoundException => NoSuchProcess,
        AgentNotFoundException or InjectionRefusedException => NoAgent,
        AttachTimeoutException => TimedOut,
        AttachPermissionException => PermissionDenied,
        CommandFailedException or JvmCommandFailedException or InspectionRefusedException => CommandFailed,
        BrokenReplyException or ThreadDumpParseException => BrokenReply,
        _ => null,
    };
}
