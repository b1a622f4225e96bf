namespace AttachKit.TestTarget;

/// <summary>The scenarios a test can start, by name: each sets the process up before "ready".</summary>
internal static class Scenarios
{
    public static IReadOnlyDictionary<string, Action<string[]>> All { get; } = new Dictionary<string, Action<string[]>>
    {
        ["agent"] = AgentScenarios.Installed,
        ["plain"] = _ => { },
        ["scripted-listener"] = ScriptedListenerScenario.Listen,
        ["agent-twice"] = AgentScenarios.InstalledTwice,
        ["agent-probe"] = AgentScenarios.ProbeInstallCost,
        ["agent-elsewhere"] = AgentScenarios.InstalledWithSocketElsewhere,
        ["starved"] = StressScenarios.StarvedAndSaturated,
        ["fds"] = DescriptorScenarios.HeldOpen,
        ["many-fds"] = DescriptorScenarios.Many,
        ["runtime"] = RuntimeScenarios.Runtime,
        ["agent-app"] = AppCommandScenarios.InstalledWithAppCommands,
        ["pool-unused"] = PoolScenarios.Unused,
        ["hosted"] = HostedScenarios.Hosted,
        ["threads-blocked"] = ThreadScenarios.Blocked,
        ["threads-idle"] = ThreadScenarios.IdleWorkers,
        ["threads-spinner"] = ThreadScenarios.Spinner,
        ["threads-starved"] = ThreadScenarios.Starved,
        ["threads-big"] = ThreadScenarios.Big,
        ["threads-jitting"] = ThreadScenarios.Jitting,
        ["locks-held"] = LockScenarios.Held,
        ["locks-orphaned"] = LockScenarios.Orphaned,
        ["locks-deadlock"] = LockScenarios.MonitorDeadlock,
        ["locks-deadlock3"] = LockScenarios.ThreeThreadDeadlock,
        ["locks-deadlock-lock"] = LockScenarios.LockDeadlock,
        ["locks-deadlock-mixed"] = LockScenarios.MixedDeadlock,
        ["locks-deadlocks"] = LockScenarios.AllDeadlocks,
        ["locks-chain"] = LockScenarios.Chain,
        ["locks-rwlock"] = LockScenarios.ReaderWriter,
        ["locks-waits"] = LockScenarios.ConditionWaits,
        ["locks-crowd"] = LockScenarios.Crowd,
        ["tasks-pending"] = AsyncScenarios.Pending,
        ["tasks-big"] = AsyncScenarios.BigHeap,
        ["inspect-load"] = InspectScenarios.Load,
    };
}
