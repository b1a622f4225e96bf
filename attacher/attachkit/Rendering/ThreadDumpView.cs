using AttachKit.Attacher.Threads;

namespace AttachKit.Cli.Rendering;

/// <summary>How a thread dump is shown: as JSON or text, grouped by stack, limited to the busiest threads.</summary>
internal sealed record ThreadDumpView(bool Json, bool Group, int? Top)
{
    /// <summary>The threads shown: all, or the <see cref="Top"/> busiest.</summary>
    public IReadOnlyList<DumpedThread> Threads(ThreadDump dump) => Top is { } count ? dump.Busiest(count) : dump.Threads;
}
