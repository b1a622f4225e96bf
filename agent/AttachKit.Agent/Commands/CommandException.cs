using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>Thrown by a command to end with a specific status (e.g. invalid arguments).</summary>
internal sealed class CommandException(StatusCode code, string message) : Exception(message)
{
    public ReplyStatus Status { get; } = new(code, message);
}
