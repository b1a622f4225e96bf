namespace AttachKit.Agent.Threading;

/// <summary>
/// Bounds the work the agent does at once. A slot is held by a connection's thread and by its
/// command's thread, and frees only when both have ended, so an abandoned command still counts.
/// </summary>
internal sealed class ConnectionSlots(int capacity)
{
    private int _inUse;

    public Slot? TryAcquire()
    {
        if (Interlocked.Increment(ref _inUse) > capacity)
        {
            Interlocked.Decrement(ref _inUse);
            return null;
        }

        return new Slot(this);
    }

    internal sealed class Slot(ConnectionSlots owner)
    {
        private int _holders = 1;

        /// <summary>Another thread (the command's) now holds the slot too.</summary>
        public void AddHolder() => Interlocked.Increment(ref _holders);

        public void Release()
        {
            if (Interlocked.Decrement(ref _holders) == 0)
            {
                Interlocked.Decrement(ref owner._inUse);
            }
        }
    }
}
