namespace AttachKit.TestTarget;

/// <summary>Targets in trouble: the moments people attach.</summary>
internal static class StressScenarios
{
    private static readonly ManualResetEventSlim Never = new(false);

    /// <summary>
    /// The agent, then a thread pool with every worker blocked and a queue that never drains,
    /// and twice as many spinning threads as cores.
    /// </summary>
    public static void StarvedAndSaturated(string[] args)
    {
        AgentScenarios.Installed(args);
        ThreadPool.SetMaxThreads(Environment.ProcessorCount, Environment.ProcessorCount);
        for (var i = 0; i < 200; i++)
        {
            ThreadPool.QueueUserWorkItem(_ => Never.Wait());
        }

        for (var i = 0; i < Environment.ProcessorCount * 2; i++)
        {
            new Thread(Spin) { IsBackground = true, Name = $"spinner-{i}" }.Start();
        }

        Thread.Sleep(500);
        Console.WriteLine($"starved: {ThreadPool.PendingWorkItemCount} work items waiting, {ThreadPool.ThreadCount} pool threads");
    }

    private static void Spin()
    {
        var x = 0UL;
        while (true)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
        }
    }
}
