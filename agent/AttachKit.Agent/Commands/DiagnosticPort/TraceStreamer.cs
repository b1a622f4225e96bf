using System.Diagnostics;
using System.Runtime.CompilerServices;
using AttachKit.Protocol;
using Microsoft.Diagnostics.NETCore.Client;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// Streams an EventPipe session's raw .nettrace bytes to the client as they come, then stops the
/// session after its duration. Two threads: a drainer that only copies the runtime's stream into a
/// bounded <see cref="ChunkQueue"/> and never waits for the client, and the command's thread, which
/// sends the queue's chunks and stops the session. Nothing is parsed in the target (FINDINGS:
/// parsing live in-process hangs on the runtime's rundown locks).
/// </summary>
internal static class TraceStreamer
{
    /// <summary>How far the client may fall behind before the trace is stopped: bounds the target's memory.</summary>
    private const long QueueBytes = 16 * 1024 * 1024;

    private const int ReadBytes = 64 * 1024;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the runtime may take to finish its rundown and end the stream after Stop.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(30);

    public static ReplyStatus Run(CommandContext context, EventPipeSession session, TimeSpan duration)
    {
        var queue = new ChunkQueue(QueueBytes);
        var drainer = new Thread(() => Drain(session.EventStream, queue)) { IsBackground = true, Name = "attach-trace" };
        drainer.Start();
        var started = Stopwatch.GetTimestamp();
        long? stoppedAt = null;
        var closed = false;
        string? sendFailure = null;
        while (true)
        {
            if (stoppedAt is null && (Stopwatch.GetElapsedTime(started) >= duration || sendFailure is not null || queue.Overflowed || context.Cancellation.IsCancellationRequested))
            {
                TryStop(session);
                stoppedAt = Stopwatch.GetTimestamp();
            }
            else if (stoppedAt is { } stopped && !closed && Stopwatch.GetElapsedTime(stopped) > EndGrace)
            {
                // The runtime did not end the stream: closing our end ends the drainer's read.
                session.Dispose();
                closed = true;
            }

            var chunk = queue.Take(Poll, out var finished);
            if (chunk is not null && sendFailure is null)
            {
                try
                {
                    context.Output.Write(chunk);
                    context.Output.Flush();
                }
                catch (IOException e)
                {
                    // The client went away, stopped reading past the send timeout, or the reply ended at the deadline.
                    sendFailure = e.Message;
                }
            }

            if (finished)
            {
                break;
            }
        }

        drainer.Join(Poll);
        return Outcome(context, queue, sendFailure, Stopwatch.GetElapsedTime(started));
    }

    private static ReplyStatus Outcome(CommandContext context, ChunkQueue queue, string? sendFailure, TimeSpan took)
    {
        if (context.Cancellation.IsCancellationRequested)
        {
            return new ReplyStatus(StatusCode.TimedOut, $"trace passed its deadline after {took.TotalSeconds:0.#} s; the session was stopped");
        }

        if (queue.Overflowed)
        {
            return new ReplyStatus(StatusCode.CommandFailed, $"the client fell more than {QueueBytes / (1024 * 1024)} MiB behind the trace; it was stopped and is incomplete");
        }

        return sendFailure is null
            ? ReplyStatus.Ok
            : new ReplyStatus(StatusCode.CommandFailed, $"sending the trace failed ({sendFailure}); the session was stopped");
    }

    // Copies until the runtime ends the stream (after Stop) or it is closed. Compiled fully on
    // first call, before the session's rundown: this thread must never wait for the JIT while the
    // runtime's EventPipe thread waits for it to read (FINDINGS, deadlock trap).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Drain(Stream events, ChunkQueue queue)
    {
        var buffer = new byte[ReadBytes];
        try
        {
            int read;
            while ((read = events.Read(buffer, 0, buffer.Length)) > 0)
            {
                queue.Add(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The session was disposed under the read: the stream is over either way.
        }
        finally
        {
            queue.Complete();
        }
    }

    private static void TryStop(EventPipeSession session)
    {
        try
        {
            session.Stop();
        }
        catch (Exception e) when (e is ServerErrorException or IOException or TimeoutException or ObjectDisposedException)
        {
            // Already stopped, or the port is gone: the stream ends (or the grace period closes it) either way.
        }
    }
}
