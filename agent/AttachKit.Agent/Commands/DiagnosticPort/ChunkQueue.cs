using System.Runtime.CompilerServices;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// A bounded queue of byte chunks between the thread that drains the runtime's event stream and the
/// thread that sends to the client. Adding never blocks: when the client falls behind by more than
/// the capacity, the queue overflows, drops what comes next and says so, and the trace is stopped.
/// A drainer that blocked instead would stop reading the runtime's stream, and the runtime's
/// EventPipe thread would block in send() while holding locks the whole process needs (FINDINGS,
/// streaming caveat).
/// </summary>
internal sealed class ChunkQueue(long capacityBytes)
{
    private readonly Queue<byte[]> _chunks = new();
    private readonly object _gate = new();
    private long _bytes;
    private bool _completed;
    private bool _overflowed;

    public bool Overflowed
    {
        get
        {
            lock (_gate)
            {
                return _overflowed;
            }
        }
    }

    /// <summary>Queues a chunk, or drops it once the queue has overflowed. Compiled fully on first call (no tiering, no on-stack replacement): the drainer must never wait for the JIT mid-trace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(byte[] chunk)
    {
        lock (_gate)
        {
            if (_overflowed || _bytes + chunk.Length > capacityBytes)
            {
                _overflowed = true;
            }
            else
            {
                _chunks.Enqueue(chunk);
                _bytes += chunk.Length;
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>No more chunks will come.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The next chunk; null when none came within <paramref name="wait"/>.</summary>
    /// <param name="wait">How long to wait for one.</param>
    /// <param name="finished">True once the queue is complete and empty.</param>
    public byte[]? Take(TimeSpan wait, out bool finished)
    {
        lock (_gate)
        {
            if (_chunks.Count == 0 && !_completed)
            {
                Monitor.Wait(_gate, wait);
            }

            finished = _chunks.Count == 0 && _completed;
            if (_chunks.Count == 0)
            {
                return null;
            }

            var chunk = _chunks.Dequeue();
            _bytes -= chunk.Length;
            return chunk;
        }
    }
}
