using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>What a command gets: its request, the reply body, a deadline token and the agent's facts.</summary>
internal sealed class CommandContext(AttachRequest request, Stream output, CancellationToken cancellation, CommandTable commands, AttachAgentOptions options)
{
    public IReadOnlyList<string> Arguments => request.Arguments;

    public ReplyFormat Format => request.Format;

    /// <summary>The reply body: streamed to the client in chunks as it is written.</summary>
    public Stream Output { get; } = output;

    /// <summary>Cancelled when the command passes its deadline.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public CommandTable Commands { get; } = commands;

    public AttachAgentOptions Options { get; } = options;

    /// <summary>Refuses arguments for a command that takes none.</summary>
    public void ExpectNoArguments(string command)
    {
        if (Arguments.Count > 0)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'{command}' takes no arguments (got '{Arguments[0]}')");
        }
    }
}
