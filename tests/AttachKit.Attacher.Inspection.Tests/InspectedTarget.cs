using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>A target started in a lock scenario and inspected once, shared by a test class.</summary>
public abstract class InspectedTarget(string scenario) : IAsyncLifetime
{
    private LockTarget? _target;
    private LockReport? _report;

    public LockTarget Target => _target!;

    internal LockReport Report => _report!;

    /// <summary>What the target's threads looked like right after the inspection: any stopped or traced.</summary>
    public IReadOnlyList<string> StoppedAfterwards { get; private set; } = [];

    internal LockThread Thread(string name) => Report.Threads.Single(thread => thread.Name == name);

    public async Task InitializeAsync()
    {
        _target = await LockTarget.StartAsync(scenario);
        _report = TargetRuntime.InspectLocks(_target.Pid);
        StoppedAfterwards = _target.StoppedOrTraced();
    }

    public Task DisposeAsync()
    {
        _target?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class HeldLocksTarget() : InspectedTarget("locks-held");

public sealed class MonitorDeadlockTarget() : InspectedTarget("locks-deadlock");

public sealed class ThreeThreadDeadlockTarget() : InspectedTarget("locks-deadlock3");

public sealed class LockDeadlockTarget() : InspectedTarget("locks-deadlock-lock");

public sealed class MixedDeadlockTarget() : InspectedTarget("locks-deadlock-mixed");

public sealed class AllDeadlocksTarget() : InspectedTarget("locks-deadlocks");

public sealed class ChainTarget() : InspectedTarget("locks-chain");

public sealed class ReaderWriterTarget() : InspectedTarget("locks-rwlock");

public sealed class ConditionWaitsTarget() : InspectedTarget("locks-waits");

public sealed class OrphanedLocksTarget() : InspectedTarget("locks-orphaned");
