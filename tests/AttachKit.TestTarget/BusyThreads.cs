namespace AttachKit.TestTarget;

/// <summary>Threads that use CPU, and a thread pool with no thread to spare.</summary>
internal static class BusyThreads
{
    private static long s_sink;

    /// <summary>Burns a CPU until the process exits.</summary>
    public static void Spin()
    {
        var x = 1L;
        while (true)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            if (x == 42)
            {
                Interlocked.Increment(ref s_sink);
            }
        }
    }

    /// <summary>
    /// Caps the pool at <paramref name="workers"/> threads and blocks every one of them forever,
    /// with more work queued behind: nothing queued to the pool ever runs again.
    /// </summary>
    public static void StarveThreadPool(int workers)
    {
        ThreadPool.SetMinThreads(workers, workers);
        ThreadPool.SetMaxThreads(workers, workers);
        using var allBlocked = new CountdownEvent(workers);
        for (var i = 0; i < workers * 4; i++)
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                allBlocked.Signal();
                Thread.Sleep(Timeout.Infinite);
            });
        }

        allBlocked.Wait();
    }
}
