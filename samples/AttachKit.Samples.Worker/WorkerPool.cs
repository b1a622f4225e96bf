namespace AttachKit.Samples.Worker;

/// <summary>Named worker threads ("worker-1" …) that take jobs from the queue.</summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly List<Thread> _threads = [];
    private readonly CancellationToken _stop;

    private WorkerPool(CancellationToken stop) => _stop = stop;

    public static WorkerPool Start(JobQueue jobs, int workers, CancellationToken stop)
    {
        var pool = new WorkerPool(stop);
        for (var i = 1; i <= workers; i++)
        {
            var thread = new Thread(() => pool.Work(jobs)) { IsBackground = true, Name = $"worker-{i}" };
            pool._threads.Add(thread);
            thread.Start();
        }

        return pool;
    }

    public void Dispose()
    {
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    private void Work(JobQueue jobs)
    {
        try
        {
            while (true)
            {
                jobs.RunNext(_stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
