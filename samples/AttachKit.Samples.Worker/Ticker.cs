namespace AttachKit.Samples.Worker;

/// <summary>A timer that queues a job on every tick, like a periodic housekeeping task.</summary>
internal sealed class Ticker : IDisposable
{
    private readonly Timer _timer;

    private Ticker(Timer timer) => _timer = timer;

    public static Ticker Start(JobQueue jobs, TimeSpan period)
        => new(new Timer(_ => jobs.TryAdd(BitConverter.GetBytes(DateTime.UtcNow.Ticks)), null, period, period));

    public void Dispose() => _timer.Dispose();
}
