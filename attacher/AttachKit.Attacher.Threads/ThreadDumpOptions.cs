namespace AttachKit.Attacher.Threads;

/// <summary>How a thread dump is taken.</summary>
public sealed record ThreadDumpOptions
{
    /// <summary>When set, the agent measures each thread's CPU over this interval first (at most 10 s).</summary>
    public TimeSpan? CpuInterval { get; init; }

    /// <summary>
    /// Keep the process's method map between dumps, so that the agent can leave the method rundown out
    /// while the process's code has not changed (default true).
    /// </summary>
    public bool UseMethodCache { get; init; } = true;

    /// <summary>Where the method maps are kept; by default <c>$XDG_CACHE_HOME/attachkit</c> or <c>~/.cache/attachkit</c>.</summary>
    public string? MethodCacheDirectory { get; init; }
}
