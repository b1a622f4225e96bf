using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>
/// A failure to attach or to run a command, typed by its kind (the types below): what a caller does
/// about it, an exit code for the CLI, is the caller's to decide.
/// </summary>
public abstract class AttachException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The status the agent answered with, when the failure is the agent's answer; null when it happened before or on the wire.</summary>
    public virtual ReplyStatus? AgentStatus { get; internal init; }
}

/// <summary>No process has the pid.</summary>
public sealed class TargetNotFoundException(string message) : AttachException(message);

/// <summary>The target shows no sign of the agent, and signalling it could kill it.</summary>
public sealed class AgentNotFoundException(string message) : AttachException(message);

/// <summary>The agent cannot be loaded into the target (<see cref="AgentInjector"/>): the app forbids it, or its runtime cannot; the message says which.</summary>
public sealed class InjectionRefusedException(string message, Exception? inner = null) : AttachException(message, inner);

/// <summary>The socket did not appear in time, or the agent reported a deadline passed.</summary>
public sealed class AttachTimeoutException(string message, Exception? inner = null) : AttachException(message, inner);

/// <summary>The operating system or the agent refused this user.</summary>
public sealed class AttachPermissionException(string message, Exception? inner = null) : AttachException(message, inner);

/// <summary>The agent answered with an error status.</summary>
public sealed class CommandFailedException(ReplyStatus status, string message) : AttachException(message)
{
    /// <summary>The agent's status.</summary>
    public ReplyStatus Status { get; } = status;

    /// <inheritdoc/>
    public override ReplyStatus? AgentStatus => Status;
}

/// <summary>A HotSpot JVM answered with a non-zero status (the first line of its reply).</summary>
public sealed class JvmCommandFailedException(int status, string message) : AttachException(message)
{
    /// <summary>The JVM's status: -1 (JNI_ERR) for most failures.</summary>
    public int Status { get; } = status;
}

/// <summary>The reply ended before its final status, or broke the protocol.</summary>
public sealed class BrokenReplyException(string message, Exception? inner = null) : AttachException(message, inner);

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
