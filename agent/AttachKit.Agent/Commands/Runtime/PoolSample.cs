namespace AttachKit.Agent.Commands.Runtime;

/// <summary>The thread pool's queue and progress at one moment.</summary>
internal readonly record struct PoolSample(long Pending, long Completed, int Threads)
{
    public static PoolSample Take() => new(ThreadPool.PendingWorkItemCount, ThreadPool.CompletedWorkItemCount, ThreadPool.ThreadCount);
}
