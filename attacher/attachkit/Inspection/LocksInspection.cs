using AttachKit.Attacher.Inspection;
using AttachKit.Attacher.Inspection.Locks;
using AttachKit.Protocol;

namespace AttachKit.Cli.Inspection;

/// <summary>
/// <c>threads --locks</c> (every thread, jstack -l style, then the deadlocks) and <c>deadlocks</c> (only the
/// deadlocks; exit code 8 when there is one, 0 when none): <see cref="LockInspector"/>.
/// </summary>
internal sealed class LocksInspection(string command, IReadOnlyList<string> arguments)
    : InspectionCommand(command, arguments, command == BuiltInCommands.Threads ? [LocksFlag] : [])
{
    public const string LocksFlag = "--locks";

    private LockReport? _report;

    private bool DeadlocksOnly => Name == BuiltInCommands.Deadlocks;

    public override void Read(LiveRuntime live, CancellationToken cancellationToken)
        => _report = LockInspector.Inspect(live.Runtime, cancellationToken);

    public override int Write(Stream output, bool json, InspectionPause pause)
    {
        var report = _report ?? throw new InvalidOperationException("Read comes first");
        InspectionOutput.Write(output, json, pause,
            text => LockReportText.Write(report, text, DeadlocksOnly),
            (writer, header) => LockReportJson.Write(report, writer, DeadlocksOnly, header));
        return DeadlocksOnly && report.Deadlocks.Count > 0 ? ExitCodes.DeadlockFound : ExitCodes.Success;
    }
}
