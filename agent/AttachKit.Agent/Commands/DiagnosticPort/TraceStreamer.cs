using System.Diagnostics;
using AttachKit.Agent.EventPipe;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// Streams an EventPipe session's raw .nettrace bytes to the client as they come, then stops the
/// session after its duration. Two threads: a <see cref="SessionCopier"/> that only copies the
/// runtime's stream into a bounded <see cref="ChunkQueue"/> and never waits for the client, and the
/// command's thread, which sends the queue's chunks and stops the session. Nothing is parsed in the
/// target: parsing live in-process hangs on the runtime's rundown locks (docs/INTERNALS.md, "Thread dumps").
/// </summary>
internal static class TraceStreamer
{
    /// <summary>How far the client may fall behind before the trace is stopped: bounds the target's memory.</summary>
    private const long QueueBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the runtime may take to finish its rundown and end the stream after Stop.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(30);

    public static ReplyStatus Run(CommandContext context, EventPipeSession session, TimeSpan duration)
    {
        using var queue = new ChunkQueue(new ByteBudget(QueueBytes));
        var copier = SessionCopier.Start(session, queue, ended: () => { }, context.Log);
        var started = Stopwatch.GetTimestamp();
        long? stoppedAt = null;
        var closed = false;
        string? sendFailure = null;
        while (true)
        {
            if (stoppedAt is null && (Stopwatch.GetElapsedTime(started) >= duration || sendFailure is not null || copier.Overflowed || context.Cancellation.IsCancellationRequested))
            {
                TryStop(session);
                stoppedAt = Stopwatch.GetTimestamp();
            }
            else if (stoppedAt is { } stopped && !closed && Stopwatch.GetElapsedTime(stopped) > EndGrace)
            {
                // The runtime did not end the stream: closing our end ends the copier's read.
                session.Dispose();
                closed = true;
            }

            var (chunk, finished) = queue.Poll(Poll, CancellationToken.None);
            if (chunk is { } taken)
            {
                sendFailure ??= Send(context, taken);
                queue.Release(taken.Memory);
            }

            if (finished)
            {
                break;
            }
        }

        return Outcome(context, copier, sendFailure, Stopwatch.GetElapsedTime(started));
    }

    // Null when sent; else why not (the client went away, stopped reading past the send timeout, or
    // the reply ended at the deadline). After a failure the rest is drained and dropped.
    private static string? Send(CommandContext context, Chunk chunk)
    {
        try
        {
            context.Output.Write(chunk.Bytes);
            context.Output.Flush();
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private static ReplyStatus Outcome(CommandContext context, SessionCopier copier, string? sendFailure, TimeSpan took)
    {
        if (context.Cancellation.IsCancellationRequested)
        {
            return new ReplyStatus(StatusCode.TimedOut, $"trace passed its deadline after {took.TotalSeconds:0.#} s; the session was stopped");
        }

        if (copier.Overflowed)
        {
            return new ReplyStatus(StatusCode.CommandFailed, $"the client fell more than {QueueBytes / (1024 * 1024)} MiB behind the trace; it was stopped and is incomplete");
        }

        return sendFailure is null
            ? ReplyStatus.Ok
            : new ReplyStatus(StatusCode.CommandFailed, $"sending the trace failed ({sendFailure}); the session was stopped");
    }

    private static void TryStop(EventPipeSession session)
    {
        try
        {
            session.Stop(EndGrace);
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException)
        {
            // Already stopped, or the port is gone: the stream ends (or the grace period closes it) either way.
        }
    }
}
