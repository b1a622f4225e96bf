using AttachKit.Agent.EventPipe;
using Serilog;

namespace AttachKit.Agent.ThreadDumps;

/// <summary>
/// One EventPipe session on this process: the sample profiler plus the CLR rundown (the map from code
/// addresses to methods), read raw by a dedicated thread into a <see cref="ChunkQueue"/>. Never parsed
/// here: parsing in-process hung first dumps and cost the target tens of megabytes, so the client parses
/// (docs/INTERNALS.md, "Thread dumps").
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    // Large enough to hold a whole rundown without losing events; smaller buffers lose them
    // (docs/INTERNALS.md, "Thread dumps"). Allocated on demand.
    private const int CircularBufferMB = 64;

    // Loader | Jit | NGen | End | the rundown's own default bits, without the IL-to-native maps
    // (JittedMethodILToNativeMap, 0x20000): they name no method and only make the rundown longer.
    private const long RundownKeywords = 0x80000139;

    // Stopping waits for the runtime to write the rundown, which the copying thread drains meanwhile.
    private static readonly TimeSpan StopReply = TimeSpan.FromSeconds(30);

    private readonly EventPipeSession _session;
    private readonly SessionCopier _copier;
    private readonly ILogger _log;

    private TraceCapture(EventPipeSession session, ChunkQueue queue, Action ended, ILogger log)
    {
        _session = session;
        _log = log;
        Chunks = queue;
        _copier = SessionCopier.Start(session, queue, ended, log);
    }

    /// <summary>The captured bytes, in order; complete once the session's stream has ended.</summary>
    public ChunkQueue Chunks { get; }

    /// <summary>Whether bytes were dropped because the budget was spent (the client did not read fast enough).</summary>
    public bool Overflowed => _copier.Overflowed;

    /// <summary>
    /// Starts the session and its copying thread; <paramref name="ended"/> runs once its stream has ended.
    /// With <paramref name="rundown"/> the runtime lists every method's code range at the end (a client
    /// that holds the map of the current <see cref="CodeEpoch"/> needs none).
    /// </summary>
    public static TraceCapture Start(bool rundown, ByteBudget budget, Action ended, ILogger log, CancellationToken cancellation)
    {
        var providers = new[] { new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventPipeLevel.Informational) };
        var session = EventPipeSession.Start(providers, CircularBufferMB, rundown ? RundownKeywords : 0, cancellation);
        return new TraceCapture(session, new ChunkQueue(budget), ended, log);
    }

    /// <summary>
    /// Ends the session after <paramref name="delay"/>, on a short-lived thread of its own: Stop() blocks
    /// while the runtime writes the rundown and flushes (the streaming floor: docs/INTERNALS.md, "Thread
    /// dumps"), and meanwhile the bytes already captured go to the client. The runtime then closes the
    /// stream, which ends <see cref="Chunks"/>.
    /// </summary>
    public void StopAfter(TimeSpan delay) => new Thread(() =>
    {
        Thread.Sleep(delay);
        try
        {
            _session.Stop(StopReply);
        }
        catch (Exception e)
        {
            // Disposing the session (below) closes the stream anyway.
            _log.Warning(e, "AttachKit could not stop its EventPipe session; closing it");
            _session.Dispose();
        }
    })
    {
        IsBackground = true,
        Name = "attach-endtrace",
    }.Start();

    /// <summary>Stops the session if it still runs, and drops whatever is queued.</summary>
    public void Dispose()
    {
        try
        {
            _session.Dispose();
        }
        catch (Exception e)
        {
            _log.Warning(e, "AttachKit could not end its EventPipe session");
        }

        Chunks.Dispose();
    }
}
