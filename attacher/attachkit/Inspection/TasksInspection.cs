using AttachKit.Attacher.Inspection;
using AttachKit.Attacher.Inspection.Tasks;
using AttachKit.Protocol;

namespace AttachKit.Cli.Inspection;

/// <summary><c>tasks</c>: the pending async work as chains of awaiting methods, identical ones counted together (<see cref="TaskInspector"/>).</summary>
internal sealed class TasksInspection(IReadOnlyList<string> arguments) : InspectionCommand(BuiltInCommands.Tasks, arguments)
{
    private PendingTasksReport? _report;

    public override void Read(LiveRuntime live, CancellationToken cancellationToken)
        => _report = TaskInspector.Inspect(live.Runtime, cancellationToken);

    public override int Write(Stream output, bool json, InspectionPause pause)
    {
        var report = _report ?? throw new InvalidOperationException("Read comes first");
        InspectionOutput.Write(output, json, pause,
            text => PendingTasksText.Write(report, text),
            (writer, header) => PendingTasksJson.Write(report, writer, header));
        return ExitCodes.Success;
    }
}
