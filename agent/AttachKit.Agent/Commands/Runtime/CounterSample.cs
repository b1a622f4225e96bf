using System.Diagnostics;
using System.Runtime;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// The runtime's running totals at one moment, all read in-process from APIs that are always on
/// (GC, ThreadPool, Monitor, Timer, JitInfo, the CPU clock): nothing is enabled to take it.
/// </summary>
internal readonly record struct CounterSample(
    DateTimeOffset Time,
    long Timestamp,
    TimeSpan CpuTime,
    long ResidentBytes,
    long? HeapBytes,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    int PoolThreads,
    long PoolPending,
    long PoolCompleted,
    long LockContentions,
    long? Exceptions,
    long ActiveTimers,
    long JittedMethods,
    long JittedILBytes)
{
    public static CounterSample Take() => new(
        DateTimeOffset.Now,
        Stopwatch.GetTimestamp(),
        ProcessorTime(),
        ProcessMemory.Read().ResidentBytes,
        HeapSize.Now(),
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        ThreadPool.ThreadCount,
        ThreadPool.PendingWorkItemCount,
        ThreadPool.CompletedWorkItemCount,
        Monitor.LockContentionCount,
        ExceptionCount.Read(),
        Timer.ActiveCount,
        JitInfo.GetCompiledMethodCount(currentThread: false),
        JitInfo.GetCompiledILBytes(currentThread: false));

    /// <summary>Every running total at zero when the process started: the base of a since-start row, as vmstat's first line is since boot.</summary>
    public static CounterSample AtStart(DateTimeOffset started, TimeSpan ago) => default(CounterSample) with
    {
        Time = started,
        Timestamp = Stopwatch.GetTimestamp() - (long)(ago.TotalSeconds * Stopwatch.Frequency),
        Exceptions = 0,
    };

    // .NET 9 has the process's CPU time without a Process snapshot; the agent's .NET 8 build takes one.
    private static TimeSpan ProcessorTime()
#if NET9_0_OR_GREATER
        => Environment.CpuUsage.TotalTime;
#else
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
#endif
}
