using System.Globalization;
using AttachKit.Attacher.Discovery;
using AttachKit.Protocol;

namespace AttachKit.Attacher.Injection;

/// <summary>
/// Whether the agent can be loaded into a .NET process without the agent, from what the attacher can read of
/// it without asking it anything: its start-up environment, its runtime configuration file and its memory
/// map. The runtime has the last word (<see cref="DiagnosticPort.Describe"/>), and the hook asks the app's own
/// switches again in the process.
/// </summary>
internal static class InjectionChecks
{
    /// <summary>Why the agent cannot be loaded into <paramref name="target"/>; null when nothing says it cannot.</summary>
    /// <param name="target">The process.</param>
    /// <param name="modules">Its memory map, read already.</param>
    /// <exception cref="IOException">The process exited.</exception>
    public static InjectionBlocker? Blocker(TargetProcess target, MappedModules modules)
    {
        if (target.AgentDisabledByEnvironment())
        {
            return new("disabled", $"it was started with {AgentInjection.AgentDisableVariable} set");
        }

        if (IsSet(target.EnvironmentVariable(AgentInjection.DisableVariable)))
        {
            return new("forbidden", $"the app forbids it ({AgentInjection.DisableVariable} is set)");
        }

        if (DiagnosticsOff(target) is { } setting)
        {
            return new("diagnostics off", $"its diagnostics are off ({setting})");
        }

        if (!modules.Runtime)
        {
            return new("native or single-file", "it maps no .NET runtime library: it is not a .NET process, or a NativeAOT or single-file app, whose runtime is inside its executable and cannot load the agent");
        }

        var config = AppRuntimeConfig.Read(target);
        if (config is { ForbidsInjection: true })
        {
            return new("forbidden", $"the app forbids it ({AgentInjection.DisableProperty} is true in its runtimeconfig.json)");
        }

        if (config is { StartupHooksSupported: false })
        {
            return new("startup hooks off", "its startup hooks are switched off (System.StartupHookProvider.IsSupported is false in its runtimeconfig.json)");
        }

        var version = RuntimeVersion.FromRuntimeDirectory(modules.RuntimeDirectory) ?? config?.IncludedRuntime;
        return version is not null && version < RuntimeVersion.Oldest
            ? new(string.Create(CultureInfo.InvariantCulture, $".NET {version}"), string.Create(CultureInfo.InvariantCulture, $"its runtime is .NET {version}, older than {RuntimeVersion.Oldest.Major} (no startup hooks in a running process)"))
            : null;
    }

    // DOTNET_EnableDiagnostics=0 turns the diagnostic port off with the debugger and profiler, and
    // DOTNET_EnableDiagnostics_IPC=0 the port alone; the runtime reads each as hex, DOTNET_ before COMPlus_.
    private static string? DiagnosticsOff(TargetProcess target)
    {
        foreach (var setting in (ReadOnlySpan<string>)["EnableDiagnostics", "EnableDiagnostics_IPC"])
        {
            foreach (var prefix in (ReadOnlySpan<string>)["DOTNET_", "COMPlus_"])
            {
                if (target.EnvironmentVariable(prefix + setting) is { } value)
                {
                    if (uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var number) && number == 0)
                    {
                        return $"{prefix}{setting}={value}";
                    }

                    break;
                }
            }
        }

        return null;
    }

    private static bool IsSet(string? value) => value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Why the agent cannot be loaded into a process: a few words for <c>attachkit list</c>'s table, and a phrase for messages.</summary>
internal sealed record InjectionBlocker(string Short, string Phrase);
