namespace AttachKit.Agent.EventPipe;

/// <summary>How many captured bytes the agent holds at once (over all thread dumps, or for one trace): a hard bound on its memory.</summary>
internal sealed class ByteBudget(long capacity)
{
    private long _used;

    public long Capacity { get; } = capacity;

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when it would pass the capacity.</summary>
    public bool TryTake(int bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= Capacity)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Return(int bytes) => Interlocked.Add(ref _used, -bytes);
}
