using AttachKit.Attacher.Inspection.Tasks;
using AttachKit.Testing;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>The <c>tasks-pending</c> target (AsyncScenarios.Pending), read once for a test class.</summary>
public sealed class PendingTarget : IAsyncLifetime
{
    public const string Scenarios = "AttachKit.TestTarget.AsyncScenarios";

    private TargetApp? _target;

    public TargetApp Target => _target!;

    internal PendingTasksReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetApp.StartAsync("tasks-pending");
        Report = Inspection.Of(_target.Pid);
    }

    public Task DisposeAsync()
    {
        _target?.Dispose();
        return Task.CompletedTask;
    }
}
