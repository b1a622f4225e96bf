using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>The exit codes of <c>attachkit</c>, one per kind of failure (see README).</summary>
public static class ExitCodes
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

    /// <summary>Every exit code with what it means, for help texts.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Success, "success"),
        (Usage, "bad command line"),
        (NoSuchProcess, "no such process"),
        (NoAgent, "the process is neither a .NET app with the AttachKit agent nor a HotSpot JVM (use --force for single-file or native apps)"),
        (TimedOut, "timed out: no socket appeared, or the command passed its deadline"),
        (PermissionDenied, "permission denied: attach as the process's owner or root"),
        (CommandFailed, "the command failed in the target (unknown, disabled, bad arguments, error; a JVM's non-zero status)"),
        (BrokenReply, "the reply was cut off or malformed (the target exited mid-reply?)"),
    ];
}

/// <summary>A failure to attach or to run a command; <see cref="ExitCode"/> is what the CLI exits with.</summary>
public abstract class AttachException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exit code for this kind of failure.</summary>
    public abstract int ExitCode { get; }

    /// <summary>The status the agent answered with, when the failure is the agent's answer; null when it happened before or on the wire.</summary>
    public virtual ReplyStatus? AgentStatus { get; init; }
}

/// <summary>No process has the pid.</summary>
public sealed class TargetNotFoundException(string message) : AttachException(message)
{
    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.NoSuchProcess;
}

/// <summary>The target shows no sign of the agent, and signalling it could kill it.</summary>
public sealed class AgentNotFoundException(string message) : AttachException(message)
{
    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.NoAgent;
}

/// <summary>The socket did not appear in time, or the agent reported a deadline passed.</summary>
public sealed class AttachTimeoutException(string message, Exception? inner = null) : AttachException(message, inner)
{
    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.TimedOut;
}

/// <summary>The operating system or the agent refused this user.</summary>
public sealed class AttachPermissionException(string message, Exception? inner = null) : AttachException(message, inner)
{
    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.PermissionDenied;
}

/// <summary>The agent answered with an error status.</summary>
public sealed class CommandFailedException(ReplyStatus status, string message) : AttachException(message)
{
    /// <summary>The agent's status.</summary>
    public ReplyStatus Status { get; } = status;

    /// <inheritdoc/>
    public override ReplyStatus? AgentStatus => Status;

    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.CommandFailed;
}

/// <summary>A HotSpot JVM answered with a non-zero status (the first line of its reply).</summary>
public sealed class JvmCommandFailedException(int status, string message) : AttachException(message)
{
    /// <summary>The JVM's status: -1 (JNI_ERR) for most failures.</summary>
    public int Status { get; } = status;

    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.CommandFailed;
}

/// <summary>The reply ended before its final status, or broke the protocol.</summary>
public sealed class BrokenReplyException(string message, Exception? inner = null) : AttachException(message, inner)
{
    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.BrokenReply;
}

/// <summary>Maps what the agent said, and what the wire did, to the exceptions above: the one place that does.</summary>
internal static class AttachErrors
{
    public static AttachException FromStatus(ReplyStatus status, int pid) => status.Code switch
    {
        StatusCode.PermissionDenied => new AttachPermissionException($"process {pid} refused: {status.Message}") { AgentStatus = status },
        StatusCode.TimedOut => new AttachTimeoutException($"process {pid}: {status.Message}") { AgentStatus = status },
        _ => new CommandFailedException(status, $"process {pid}: {status.Message}"),
    };

    /// <summary>The failures of reading a reply that <see cref="FromWire"/> maps.</summary>
    public static bool IsWireFailure(Exception e) => e is IncompleteReplyException or ProtocolException or IOException or TimeoutException or System.Net.Sockets.SocketException;

    public static AttachException FromWire(Exception e, int pid) => e switch
    {
        TimeoutException => new AttachTimeoutException($"process {pid} stopped answering: {e.Message} (the reply timeout, --reply-timeout)", e),
        IncompleteReplyException => new BrokenReplyException($"the reply from process {pid} was cut off ({e.Message}); the target may have exited", e),
        ProtocolException => new BrokenReplyException($"process {pid} sent a malformed reply: {e.Message}", e),
        _ => new BrokenReplyException($"the connection to process {pid} failed: {e.Message}", e),
    };
}
