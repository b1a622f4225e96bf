namespace AttachKit.Attacher.Threads;

/// <summary>Every thread of a process at one moment, with its managed stack: what <c>attachkit &lt;pid&gt; threads</c> shows.</summary>
public sealed record ThreadDump
{
    /// <summary>The target's pid.</summary>
    public required int Pid { get; init; }

    /// <summary>When the agent read the thread table.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The target's runtime, e.g. <c>.NET 10.0.12</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>The target's entry assembly, when it has one.</summary>
    public string? App { get; init; }

    /// <summary>The interval over which <see cref="DumpedThread.CpuPercent"/> was measured, when one was asked for.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Every thread of the process by tid, those serving the dump aside; this count plus <see cref="LeftOut"/> is what /proc listed.</summary>
    public required IReadOnlyList<DumpedThread> Threads { get; init; }

    /// <summary>How many of the agent's threads served this dump and are not listed.</summary>
    public required int LeftOut { get; init; }

    /// <summary>Whether the method names come from the map kept from an earlier dump (the process's code had not changed since) rather than from this dump's rundown.</summary>
    public bool MethodNamesFromCache { get; init; }

    /// <summary>Threads with identical stacks collapsed, most threads first (native threads group together).</summary>
    public IReadOnlyList<ThreadGroup> GroupByStack(IEnumerable<DumpedThread>? threads = null) => (threads ?? Threads)
        .GroupBy(StackKey, StringComparer.Ordinal)
        .Select(group => new ThreadGroup(group.First().Frames, group.OrderBy(thread => thread.Tid).ToList()))
        .OrderByDescending(group => group.Threads.Count)
        .ThenBy(group => group.Threads[0].Tid)
        .ToList();

    /// <summary>
    /// The <paramref name="count"/> threads that used the most CPU: over the interval when there is one,
    /// else since they started.
    /// </summary>
    public IReadOnlyList<DumpedThread> Busiest(int count) => Threads
        .OrderByDescending(thread => thread.CpuPercent ?? thread.Cpu.TotalSeconds)
        .ThenBy(thread => thread.Tid)
        .Take(count)
        .ToList();

    private static string StackKey(DumpedThread thread)
        => (thread.IsManaged ? "managed\n" : "native\n") + string.Join('\n', thread.Frames);
}
