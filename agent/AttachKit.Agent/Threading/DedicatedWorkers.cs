namespace AttachKit.Agent.Threading;

/// <summary>
/// A few named threads of the agent's own, never the thread pool's (which may be starved when
/// people attach). Created on demand, reused while work keeps coming, and ended after a short idle
/// time, so that an idle agent holds no thread. Reuse matters: a thread per attach churns glibc's
/// per-thread malloc arenas, and the target's RSS grows with every attach.
/// </summary>
internal sealed class DedicatedWorkers(string threadName, int capacity, TimeSpan idleExit, Serilog.ILogger log)
{
    private readonly object _gate = new();
    private readonly Queue<Action> _queue = new();
    private int _alive;
    private int _idle;

    /// <summary>Runs <paramref name="work"/> on one of the threads.</summary>
    /// <returns>False when all <c>capacity</c> threads are busy (the work did not start).</returns>
    public bool TryRun(Action work)
    {
        lock (_gate)
        {
            if (_idle > _queue.Count)
            {
                _queue.Enqueue(work);
                Monitor.Pulse(_gate);
                return true;
            }

            if (_alive == capacity)
            {
                return false;
            }

            _alive++;
        }

        new Thread(() => Work(work)) { IsBackground = true, Name = threadName }.Start();
        return true;
    }

    private void Work(Action first)
    {
        var work = first;
        while (work is not null)
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                // An exception escaping a thread would end the host process: never let one.
                log.Error(e, "AttachKit agent work on {Thread} failed", threadName);
            }

            work = NextOrExit();
        }
    }

    // The next queued work, waiting up to the idle time; null means this thread has ended its life.
    private Action? NextOrExit()
    {
        lock (_gate)
        {
            _idle++;
            try
            {
                var deadline = Environment.TickCount64 + (long)idleExit.TotalMilliseconds;
                while (_queue.Count == 0)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left)))
                    {
                        if (_queue.Count == 0)
                        {
                            _alive--;
                            return null;
                        }
                    }
                }

                return _queue.Dequeue();
            }
            finally
            {
                _idle--;
            }
        }
    }
}
