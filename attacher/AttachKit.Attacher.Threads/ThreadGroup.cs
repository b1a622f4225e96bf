namespace AttachKit.Attacher.Threads;

/// <summary>Threads whose stacks are identical (same methods in the same order), collapsed into one.</summary>
/// <param name="Frames">The shared stack, innermost first.</param>
/// <param name="Threads">The threads, by tid.</param>
public sealed record ThreadGroup(IReadOnlyList<StackFrame> Frames, IReadOnlyList<DumpedThread> Threads)
{
    /// <summary>Whether the threads run managed code (false: a group of native threads).</summary>
    public bool IsManaged => Threads.Count > 0 && Threads[0].IsManaged;
}
