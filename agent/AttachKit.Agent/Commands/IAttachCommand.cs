using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>One command the agent serves. Each lives in its own file and is listed in <see cref="CommandTable"/>.</summary>
internal interface IAttachCommand
{
    /// <summary>The name clients send.</summary>
    string Name { get; }

    /// <summary>One line for <c>help</c>.</summary>
    string Summary { get; }

    /// <summary>
    /// How long this request may run before it is cancelled and its client told it timed out. Most
    /// commands take the agent's <see cref="AttachAgentOptions.CommandTimeout"/>; a command whose
    /// arguments say how long it runs (a trace's duration, a series of samples) adds that to it.
    /// Must not throw: arguments that do not parse get the plain timeout, and Execute rejects them.
    /// </summary>
    TimeSpan Budget(IReadOnlyList<string> arguments, TimeSpan commandTimeout) => commandTimeout;

    /// <summary>Runs on a dedicated thread; writes the body to <see cref="CommandContext.Output"/> and returns the final status.</summary>
    ReplyStatus Execute(CommandContext context);
}
