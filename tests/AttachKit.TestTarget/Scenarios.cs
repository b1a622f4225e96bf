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
        ["hosted"] = HostedScenarios.Hosted,
        ["threads-blocked"] = ThreadScenarios.Blocked,
        ["threads-idle"] = ThreadScenarios.IdleWorkers,
        ["threads-spinner"] = ThreadScenarios.Spinner,
        ["threads-starved"] = ThreadScenarios.Starved,
        ["threads-big"] = ThreadScenarios.Big,
        ["threads-jitting"] = ThreadScenarios.Jitting,
        ["inspect-load"] = InspectScenarios.Load,
    };
}
