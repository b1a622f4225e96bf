using AttachKit.Agent.Commands.Runtime;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary><c>threadpool [--window &lt;time&gt;]</c>: the pool's limits and load, and whether it looks starved over a short window.</summary>
internal sealed class ThreadPoolCommand : IAttachCommand
{
    private const int SamplesPerWindow = 5;
    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.ThreadPool);
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MinWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(10);

    public string Name => BuiltInCommands.ThreadPool;

    public string Summary => "thread pool limits, threads, queue and progress, and a starvation verdict over a short window";

    public TimeSpan Budget(IReadOnlyList<string> arguments, TimeSpan commandTimeout)
        => commandTimeout + Options.ExtraTime(Name, arguments, options => options.Duration("--window", DefaultWindow, MinWindow, MaxWindow));

    public ReplyStatus Execute(CommandContext context)
    {
        var window = Options.Parse(Name, context.Arguments).Duration("--window", DefaultWindow, MinWindow, MaxWindow);
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        ThreadPool.GetAvailableThreads(out var freeWorkers, out var freeIo);
        var samples = new List<PoolSample> { PoolSample.Take() };
        for (var i = 0; i < SamplesPerWindow; i++)
        {
            context.Sleep(window / SamplesPerWindow);
            samples.Add(PoolSample.Take());
        }

        var verdict = StarvationVerdict.Judge(samples, window);
        var last = samples[^1];
        new FieldReport()
            .Add("verdict", "Verdict", verdict.Verdict)
            .Add("reason", "Why", verdict.Reason)
            .Add("threads", "Threads", last.Threads)
            .Add("busyWorkerThreads", "Busy workers", maxWorkers - freeWorkers)
            .Add("minWorkerThreads", "Min workers", minWorkers)
            .Add("maxWorkerThreads", "Max workers", maxWorkers)
            .Add("availableWorkerThreads", "Free workers", freeWorkers)
            .Add("minIoThreads", "Min I/O threads", minIo)
            .Add("maxIoThreads", "Max I/O threads", maxIo)
            .Add("availableIoThreads", "Free I/O threads", freeIo)
            .Add("pendingWorkItems", "Queued", last.Pending)
            .Add("queueGrowth", "Queue growth", last.Pending - samples[0].Pending)
            .Add("completedWorkItems", "Completed", last.Completed)
            .Add("completedPerSecond", "Completed/s", Math.Round((last.Completed - samples[0].Completed) / window.TotalSeconds, 1))
            .Add("windowSeconds", "Window", window)
            .WriteTo(context);
        return ReplyStatus.Ok;
    }
}
