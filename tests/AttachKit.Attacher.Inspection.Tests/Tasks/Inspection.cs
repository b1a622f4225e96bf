using AttachKit.Attacher.Inspection.Tasks;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>Reads a process's pending async work as the CLI will, and checks it runs on afterwards.</summary>
internal static class Inspection
{
    public static PendingTasksReport Of(int pid)
    {
        PendingTasksReport report;
        using (var paused = PausedRuntime.Open(pid))
        {
            report = TaskInspector.Inspect(paused.Runtime, CancellationToken.None);
        }

        PausedRuntime.AssertRunsOn(pid);
        return report;
    }

    /// <summary>The one group whose chain is exactly these methods, innermost first.</summary>
    public static AsyncChainGroup Chain(this PendingTasksReport report, params string[] frames)
        => Assert.Single(report.Groups, group => group.Frames.Select(frame => frame.ToString()).SequenceEqual(frames));
}
