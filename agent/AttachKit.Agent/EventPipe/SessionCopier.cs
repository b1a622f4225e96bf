using System.Runtime.CompilerServices;
using Serilog;

namespace AttachKit.Agent.EventPipe;

/// <summary>
/// Copies an EventPipe session's raw bytes into a <see cref="ChunkQueue"/> on a thread of its own
/// ("attach-trace"), until the runtime ends the stream (after Stop) or the session is disposed. It
/// never waits for the client: once the queue's budget is spent it marks the capture overflowed and
/// reads on into nothing, because a session whose stream is not drained blocks the runtime's
/// EventPipe thread in send() while it holds locks the whole process needs. Nothing is parsed here:
/// parsing in the target hangs on those same locks (docs/INTERNALS.md, "Thread dumps").
/// </summary>
internal sealed class SessionCopier
{
    private readonly Stream _events;
    private readonly ChunkQueue _queue;
    private readonly Action _ended;
    private readonly ILogger _log;
    private static int s_warm;
    private int _overflowed;

    private SessionCopier(Stream events, ChunkQueue queue, Action ended, ILogger log)
    {
        _events = events;
        _queue = queue;
        _ended = ended;
        _log = log;
    }

    /// <summary>Whether bytes were dropped because the budget was spent (the client did not read fast enough).</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>Starts copying <paramref name="session"/>'s stream; <paramref name="ended"/> runs once it has ended.</summary>
    public static SessionCopier Start(EventPipeSession session, ChunkQueue queue, Action ended, ILogger log)
    {
        WarmUp(log);
        var copier = new SessionCopier(session.EventStream, queue, ended, log);
        new Thread(copier.Copy) { IsBackground = true, Name = "attach-trace" }.Start();
        return copier;
    }

    /// <summary>
    /// Runs the whole copy path once, in this process's first capture, on bytes of our own: every
    /// method the copying thread calls is compiled before a session can hold the runtime's locks. A
    /// first dump whose copier met its first JIT compilation (queueing its first chunk, growing the
    /// queue) while the runtime wrote the rundown waited 15 s for nothing: the JIT waited for a lock
    /// of the runtime's EventPipe thread, blocked in send() because the copier was not reading.
    /// </summary>
    private static void WarmUp(ILogger log)
    {
        if (Interlocked.Exchange(ref s_warm, 1) != 0)
        {
            return;
        }

        // More chunks than the queue's first capacity, so that growing it is compiled too; a budget
        // that holds them all (the stream's end), then one that does not (the overflow).
        const int Chunks = 6;
        foreach (var budget in (int[])[Chunks + 1, Chunks - 1])
        {
            using var queue = new ChunkQueue(new ByteBudget(budget * ChunkQueue.ChunkBytes));
            var copier = new SessionCopier(new MemoryStream(new byte[Chunks * ChunkQueue.ChunkBytes]), queue, ended: () => { }, log);
            copier.Copy();
            while (queue.Take(TimeSpan.Zero, CancellationToken.None) is { } chunk)
            {
                queue.Release(chunk.Memory);
            }
        }
    }

    // Compiled fully on first call, so that its loop is never recompiled (on-stack replacement) while
    // the runtime's EventPipe thread waits for it to read.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Copy()
    {
        try
        {
            byte[]? discard = null;
            while (true)
            {
                var chunk = Overflowed ? null : _queue.TryRent();
                if (chunk is null)
                {
                    // Over budget: the client is not reading. The runtime is still drained, into nothing.
                    Volatile.Write(ref _overflowed, 1);
                    discard ??= new byte[ChunkQueue.ChunkBytes];
                    if (_events.Read(discard) == 0)
                    {
                        break;
                    }

                    continue;
                }

                int read;
                try
                {
                    read = _events.Read(chunk.Span);
                }
                catch
                {
                    _queue.Release(chunk);
                    throw;
                }

                if (read == 0)
                {
                    _queue.Release(chunk);
                    break;
                }

                _queue.Add(chunk, read);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The session was disposed under the copy (the capture was abandoned).
        }
        catch (Exception e)
        {
            _log.Warning(e, "AttachKit copying an EventPipe session failed");
        }
        finally
        {
            _queue.Complete();
            _ended();
        }
    }
}
