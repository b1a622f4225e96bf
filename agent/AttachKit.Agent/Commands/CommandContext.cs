using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>What a command gets: its request, the reply body, a deadline token, the agent's facts and its log.</summary>
internal sealed class CommandContext(AttachRequest request, Stream output, CancellationToken cancellation, CommandTable commands, AttachAgentOptions options, ILogger log)
{
    public IReadOnlyList<string> Arguments => request.Arguments;

    public ReplyFormat Format => request.Format;

    /// <summary>The reply body: streamed to the client in chunks as it is written.</summary>
    public Stream Output { get; } = output;

    /// <summary>Cancelled when the command passes its deadline.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public CommandTable Commands { get; } = commands;

    public AttachAgentOptions Options { get; } = options;

    /// <summary>The agent's log, for what a command changes in the process (the attach itself is logged already).</summary>
    public ILogger Log { get; } = log;

    /// <summary>Refuses arguments for a command that takes none.</summary>
    public void ExpectNoArguments(string command)
    {
        if (Arguments.Count > 0)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'{command}' takes no arguments (got '{Arguments[0]}')");
        }
    }
}
