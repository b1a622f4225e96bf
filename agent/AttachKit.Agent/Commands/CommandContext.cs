using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>What a command gets: its request, the reply body, its deadline and the agent's facts.</summary>
internal sealed class CommandContext(AttachRequest request, Stream output, CommandDeadline deadline, CommandTable commands, AttachAgentOptions options)
{
    public IReadOnlyList<string> Arguments => request.Arguments;

    public ReplyFormat Format => request.Format;

    /// <summary>The reply body: streamed to the client in chunks as it is written.</summary>
    public Stream Output { get; } = output;

    /// <summary>Cancelled when the command passes its deadline.</summary>
    public CancellationToken Cancellation => Deadline.Token;

    /// <summary>The deadline itself, for commands that stream for as long as their client reads.</summary>
    public CommandDeadline Deadline { get; } = deadline;

    public CommandTable Commands { get; } = commands;

    public AttachAgentOptions Options { get; } = options;

    /// <summary>Sleeps on the command's own thread; throws <see cref="OperationCanceledException"/> as soon as the deadline passes.</summary>
    public void Sleep(TimeSpan span)
    {
        if (Cancellation.WaitHandle.WaitOne(span))
        {
            Cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Refuses arguments for a command that takes none.</summary>
    public void ExpectNoArguments(string command)
    {
        if (Arguments.Count > 0)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'{command}' takes no arguments (got '{Arguments[0]}')");
        }
    }
}
