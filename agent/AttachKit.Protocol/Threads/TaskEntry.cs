namespace AttachKit.Protocol.Threads;

/// <summary>One thread of the target as the kernel sees it (proc(5): /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat).</summary>
/// <param name="Tid">The Linux thread id (what EventPipe reports as the thread id).</param>
/// <param name="Name">The kernel's name of the thread (comm: at most 15 bytes; .NET sets it from <c>Thread.Name</c>).</param>
/// <param name="State">The state letter: R running, S sleeping, D uninterruptible wait, T stopped, Z zombie…</param>
/// <param name="UserCpu">CPU time spent in user mode.</param>
/// <param name="SystemCpu">CPU time spent in the kernel.</param>
/// <param name="ServesDump">Whether the thread is one of the agent's threads serving this very dump.</param>
internal sealed record TaskEntry(int Tid, string Name, char State, TimeSpan UserCpu, TimeSpan SystemCpu, bool ServesDump)
{
    /// <summary>User plus system CPU time.</summary>
    public TimeSpan Cpu => UserCpu + SystemCpu;
}

/// <summary>Every thread of the target at one moment.</summary>
/// <param name="Timestamp">A monotonic time stamp (only differences between snapshots mean something).</param>
/// <param name="Tasks">The threads, in the order /proc listed them.</param>
internal sealed record TaskSnapshot(TimeSpan Timestamp, IReadOnlyList<TaskEntry> Tasks);
