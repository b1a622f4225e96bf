using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AttachKit.Samples.Worker;

/// <summary>Work items: hash a payload a number of times (real CPU work, counted).</summary>
internal sealed class JobQueue
{
    private readonly BlockingCollection<byte[]> _jobs = new(boundedCapacity: 1000);
    private long _done;

    public long Done => Interlocked.Read(ref _done);

    public bool TryAdd(byte[] payload) => _jobs.TryAdd(payload);

    /// <summary>Blocks until a job arrives, then runs it.</summary>
    public void RunNext(CancellationToken cancellationToken)
    {
        var payload = _jobs.Take(cancellationToken);
        var digest = payload;
        for (var round = 0; round < 100; round++)
        {
            digest = SHA256.HashData(digest);
        }

        Interlocked.Increment(ref _done);
    }
}
