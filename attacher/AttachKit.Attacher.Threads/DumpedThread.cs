namespace AttachKit.Attacher.Threads;

/// <summary>One thread of a <see cref="ThreadDump"/>.</summary>
public sealed record DumpedThread
{
    /// <summary>The Linux thread id.</summary>
    public required int Tid { get; init; }

    /// <summary>The kernel's name of the thread (at most 15 bytes; .NET sets it from <c>Thread.Name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The kernel's state letter (R, S, D, T, Z…); <see cref="ThreadStates.Describe"/> names it.</summary>
    public required char State { get; init; }

    /// <summary>CPU time in user mode since the thread started.</summary>
    public required TimeSpan UserCpu { get; init; }

    /// <summary>CPU time in the kernel since the thread started.</summary>
    public required TimeSpan SystemCpu { get; init; }

    /// <summary>The share of one CPU the thread used over the dump's interval, in percent; null without an interval.</summary>
    public double? CpuPercent { get; init; }

    /// <summary>Managed frames, innermost first; empty for a thread that runs no managed code (a native runtime thread).</summary>
    public required IReadOnlyList<StackFrame> Frames { get; init; }

    /// <summary>Whether the runtime sampled the thread at all: false for native threads.</summary>
    public required bool IsManaged { get; init; }

    /// <summary>User plus system CPU time.</summary>
    public TimeSpan Cpu => UserCpu + SystemCpu;
}
