using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>What a command gets: its request, the reply, its deadline and the agent's facts.</summary>
internal sealed class CommandContext(AttachRequest request, ReplyWriter reply, CommandDeadline deadline, CommandScope scope, int connection)
{
    public IReadOnlyList<string> Arguments => request.Arguments;

    public ReplyFormat Format => request.Format;

    /// <summary>The reply body: streamed to the client in chunks as it is written.</summary>
    public Stream Output { get; } = reply.Body;

    /// <summary>Cancelled when the command passes its deadline.</summary>
    public CancellationToken Cancellation => Deadline.Token;

    /// <summary>The deadline itself, for commands that stream for as long as their client reads.</summary>
    public CommandDeadline Deadline { get; } = deadline;

    public CommandTable Commands => scope.Commands;

    public AttachAgentOptions Options => scope.Options;

    /// <summary>The descriptors the agent itself holds (its listener and connections).</summary>
    public AgentDescriptors AgentDescriptors => scope.Descriptors;

    /// <summary>The agent's log, for what a command does that an audit line does not say.</summary>
    public ILogger Log => scope.Log;

    /// <summary>The descriptor of the connection this request came on.</summary>
    public int Connection { get; } = connection;

    /// <summary>
    /// Writes body bytes that describe descriptors and sends the descriptors with them, as SCM_RIGHTS
    /// (<see cref="ReplyWriter.WriteWithDescriptors"/>).
    /// </summary>
    public void WriteWithDescriptors(ReadOnlySpan<byte> body, ReadOnlySpan<int> descriptors, ReadOnlySpan<int> descriptionStarts)
        => reply.WriteWithDescriptors(body, descriptors, descriptionStarts);

    /// <summary>Sleeps on the command's own thread; throws <see cref="OperationCanceledException"/> as soon as the deadline passes.</summary>
    public void Sleep(TimeSpan span)
    {
        if (Cancellation.WaitHandle.WaitOne(span))
        {
            Cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The Linux tid of the connection's thread (which waits for the command), so that a thread dump can leave it out.</summary>
    public int ConnectionThreadId { get; init; }

    /// <summary>Refuses arguments for a command that takes none.</summary>
    public void ExpectNoArguments(string command)
    {
        if (Arguments.Count > 0)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'{command}' takes no arguments (got '{Arguments[0]}')");
        }
    }
}
