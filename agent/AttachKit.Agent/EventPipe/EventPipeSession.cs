using AttachKit.Agent.DiagnosticIpc;

namespace AttachKit.Agent.EventPipe;

/// <summary>
/// An EventPipe session of this process, streamed over a connection of its own to the runtime's diagnostic
/// server (<see cref="DiagnosticConnection"/>, never the thread pool): <see cref="EventStream"/> gives the
/// session's .nettrace bytes until the runtime ends it after <see cref="Stop"/>, or until it is disposed.
/// </summary>
internal sealed class EventPipeSession : IDisposable
{
    /// <summary>The rundown the runtime sends when a client asks for one with a bool (CollectTracing2): loader, JIT, NGen, end, IL-to-native maps.</summary>
    public const long DefaultRundownKeywords = 0x80020139;

    private const byte EventPipeCommands = 0x02;
    private const byte StopTracing = 0x01;
    private const byte CollectTracing2 = 0x03;
    private const byte CollectTracing4 = 0x05;
    private const uint NetTraceFormat = 1;

    // The answer to a start or a stop comes at once; a stop's only after the runtime has written the rundown.
    private static readonly TimeSpan StartReply = TimeSpan.FromSeconds(30);

    private readonly DiagnosticConnection _connection;
    private readonly ulong _id;
    private int _stopped;

    private EventPipeSession(DiagnosticConnection connection, ulong id)
    {
        _connection = connection;
        _id = id;
    }

    /// <summary>The session's .nettrace bytes, read on the calling thread; it ends when the runtime closes the stream or the session is disposed.</summary>
    public Stream EventStream => _connection.Continuation;

    /// <summary>
    /// Starts a session with stacks for every event. A rundown of 0 (none) or <see cref="DefaultRundownKeywords"/>
    /// goes as CollectTracing2, which every runtime since .NET 5 knows; any other rundown as CollectTracing4 (.NET 9).
    /// </summary>
    /// <exception cref="DiagnosticServerException">The runtime could not be reached, or refused the session.</exception>
    /// <exception cref="TimeoutException">The runtime did not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static EventPipeSession Start(IReadOnlyList<EventPipeProvider> providers, int circularBufferMB, long rundownKeywords, CancellationToken cancellation)
    {
        var message = rundownKeywords is 0 or DefaultRundownKeywords
            ? new IpcMessage(EventPipeCommands, CollectTracing2)
                .UInt32((uint)circularBufferMB)
                .UInt32(NetTraceFormat)
                .Bool(rundownKeywords != 0)
            : new IpcMessage(EventPipeCommands, CollectTracing4)
                .UInt32((uint)circularBufferMB)
                .UInt32(NetTraceFormat)
                .UInt64(unchecked((ulong)rundownKeywords))
                .Bool(true);
        message.UInt32((uint)providers.Count);
        foreach (var provider in providers)
        {
            message.UInt64(unchecked((ulong)provider.Keywords)).UInt32((uint)provider.Level).String(provider.Name).String(provider.ArgumentText());
        }

        var connection = DiagnosticConnection.Open(cancellation);
        try
        {
            var reply = connection.Request(message, StartReply, cancellation);
            if (!reply.Ok)
            {
                throw DiagnosticServerException.Of("starting an EventPipe session", reply);
            }

            return new EventPipeSession(connection, reply.UInt64At(0));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks the runtime to stop the session, over a connection of its own, and waits for its answer, which comes
    /// once the runtime has written the rundown into <see cref="EventStream"/> (someone must be reading it).
    /// The runtime then closes the stream. Only the first call asks.
    /// </summary>
    /// <exception cref="DiagnosticServerException">The runtime could not be reached, or refused (the session had ended).</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public void Stop(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using var connection = DiagnosticConnection.Open(CancellationToken.None);
        var reply = connection.Request(new IpcMessage(EventPipeCommands, StopTracing).UInt64(_id), timeout, CancellationToken.None);
        if (!reply.Ok)
        {
            throw DiagnosticServerException.Of("stopping the EventPipe session", reply);
        }
    }

    /// <summary>Closes the session's connection, which ends it in the runtime and <see cref="EventStream"/> here.</summary>
    public void Dispose() => _connection.Dispose();
}
