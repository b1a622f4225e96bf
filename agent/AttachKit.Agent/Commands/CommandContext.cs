using AttachKit.Agent.Listening;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>What a command gets: its request, the reply, a deadline token and the agent's facts.</summary>
internal sealed class CommandContext(AttachRequest request, ReplyWriter reply, CancellationToken cancellation, CommandScope scope, int connection)
{
    public IReadOnlyList<string> Arguments => request.Arguments;

    public ReplyFormat Format => request.Format;

    /// <summary>The reply body: streamed to the client in chunks as it is written.</summary>
    public Stream Output { get; } = reply.Body;

    /// <summary>Cancelled when the command passes its deadline.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public CommandTable Commands => scope.Commands;

    public AttachAgentOptions Options => scope.Options;

    /// <summary>The descriptors the agent itself holds (its listener and connections).</summary>
    public AgentDescriptors AgentDescriptors => scope.Descriptors;

    /// <summary>The agent's log, for what a command does that an audit line does not say.</summary>
    public Serilog.ILogger Log => scope.Log;

    /// <summary>The descriptor of the connection this request came on.</summary>
    public int Connection { get; } = connection;

    /// <summary>
    /// Writes body bytes that describe descriptors and sends the descriptors with them, as SCM_RIGHTS
    /// (<see cref="ReplyWriter.WriteWithDescriptors"/>).
    /// </summary>
    public void WriteWithDescriptors(ReadOnlySpan<byte> body, ReadOnlySpan<int> descriptors, ReadOnlySpan<int> descriptionStarts)
        => reply.WriteWithDescriptors(body, descriptors, descriptionStarts);

    /// <summary>Refuses arguments for a command that takes none.</summary>
    public void ExpectNoArguments(string command)
    {
        if (Arguments.Count > 0)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'{command}' takes no arguments (got '{Arguments[0]}')");
        }
    }
}
