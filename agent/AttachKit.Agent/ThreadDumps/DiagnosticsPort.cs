using AttachKit.Agent.Commands;
using AttachKit.Protocol;
using Microsoft.Diagnostics.NETCore.Client;

namespace AttachKit.Agent.ThreadDumps;

/// <summary>
/// The runtime's own diagnostic port (its IPC socket in TMPDIR), through which this process opens an
/// EventPipe session on itself: .NET cannot walk another thread's stack in-process (FINDINGS).
/// </summary>
internal static class DiagnosticsPort
{
    /// <summary>A client for this process's port.</summary>
    /// <exception cref="CommandException">The port is turned off or missing.</exception>
    public static DiagnosticsClient Open()
    {
        // DOTNET_EnableDiagnostics=0 turns the port off, and EventPipe with it (FINDINGS); so does
        // DOTNET_EnableDiagnostics_IPC=0 (.NET 8+). The COMPlus_ prefix is the older spelling.
        foreach (var variable in new[] { "DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics" })
        {
            if (Environment.GetEnvironmentVariable(variable) == "0")
            {
                throw Unavailable($"{variable}=0 turned the runtime's diagnostic port off in process {Environment.ProcessId}; thread dumps need it: restart the process without {variable}=0");
            }
        }

        return new DiagnosticsClient(Environment.ProcessId);
    }

    public static CommandException Unavailable(string message) => new(StatusCode.CommandFailed, message);
}
