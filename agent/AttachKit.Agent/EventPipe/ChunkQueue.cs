using AttachKit.Linux.Memory;

namespace AttachKit.Agent.EventPipe;

/// <summary>
/// Captured bytes on their way from the copying thread (<see cref="SessionCopier"/>) to the client. Adding
/// never blocks (the copying thread must keep draining the runtime: a blocked EventPipe send() stalls the
/// target, docs/INTERNALS.md, "Thread dumps"); it fails instead once the shared budget is spent. Taking
/// blocks until a chunk, the end, or a deadline.
/// </summary>
internal sealed class ChunkQueue(ByteBudget budget) : IDisposable
{
    /// <summary>The size of a chunk: what one read of the trace can fill.</summary>
    public const int ChunkBytes = 64 * 1024;

    private readonly Queue<Chunk> _chunks = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _available = new(0);
    private bool _completed;
    private bool _disposed;

    /// <summary>A fresh chunk to fill, counted against the budget; null when the budget is spent.</summary>
    public AnonymousMemory? TryRent() => budget.TryTake(ChunkBytes) ? AnonymousMemory.Map(ChunkBytes) : null;

    /// <summary>Queues the first <paramref name="count"/> bytes of a rented chunk (or gives it back, if the queue was dropped).</summary>
    public void Add(AnonymousMemory memory, int count)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _chunks.Enqueue(new Chunk(memory, count));
                _available.Release();
                return;
            }
        }

        Release(memory);
    }

    /// <summary>No more chunks will come.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _available.Release();
    }

    /// <summary>The next chunk, or null at the end; give it back with <see cref="Release"/> once sent.</summary>
    /// <exception cref="TimeoutException">Nothing arrived before <paramref name="timeout"/>.</exception>
    public Chunk? Take(TimeSpan timeout, CancellationToken cancellation)
    {
        var (chunk, finished) = Poll(timeout, cancellation);
        return chunk is not null || finished ? chunk : throw new TimeoutException($"no captured bytes for {timeout.TotalSeconds:0} s");
    }

    /// <summary>
    /// The next chunk if one comes within <paramref name="wait"/> (give it back with <see cref="Release"/>
    /// once sent); <c>Finished</c> once the queue is complete and empty.
    /// </summary>
    public (Chunk? Chunk, bool Finished) Poll(TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            lock (_gate)
            {
                if (_chunks.TryDequeue(out var chunk))
                {
                    return (chunk, false);
                }

                if (_completed)
                {
                    return (null, true);
                }
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !_available.Wait(remaining, cancellation))
            {
                return (null, false);
            }
        }
    }

    /// <summary>Unmaps a chunk and returns its bytes to the budget.</summary>
    public void Release(AnonymousMemory memory)
    {
        memory.Dispose();
        budget.Return(ChunkBytes);
    }

    /// <summary>Drops what is still queued.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_chunks.TryDequeue(out var chunk))
            {
                Release(chunk.Memory);
            }
        }
    }
}

/// <summary>Captured bytes: the first <paramref name="Count"/> bytes of a chunk of memory.</summary>
internal readonly record struct Chunk(AnonymousMemory Memory, int Count)
{
    public ReadOnlySpan<byte> Bytes => Memory.Span[..Count];
}
