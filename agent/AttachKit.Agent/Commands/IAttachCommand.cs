using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>One command the agent serves. Each lives in its own file and is listed in <see cref="CommandTable"/>.</summary>
internal interface IAttachCommand
{
    /// <summary>The name clients send.</summary>
    string Name { get; }

    /// <summary>One line for <c>help</c>.</summary>
    string Summary { get; }

    /// <summary>Runs on a dedicated thread; writes the body to <see cref="CommandContext.Output"/> and returns the final status.</summary>
    ReplyStatus Execute(CommandContext context);
}
