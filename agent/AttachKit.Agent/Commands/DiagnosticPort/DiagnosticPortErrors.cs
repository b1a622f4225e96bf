using AttachKit.Agent.DiagnosticIpc;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// Dumps, thread dumps and traces go through the runtime's own diagnostic port (the IPC socket
/// <c>$TMPDIR/dotnet-diagnostic-&lt;pid&gt;-*-socket</c>). These turn its failures into messages that
/// say why and what to change.
/// </summary>
internal static class DiagnosticPortErrors
{
    /// <summary>Refuses at once when the port is switched off (DOTNET_EnableDiagnostics=0 turns off the port, and EventPipe with it).</summary>
    public static void ThrowIfDisabled(string command)
    {
        foreach (var variable in (string[])["DOTNET_EnableDiagnostics", "COMPlus_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC"])
        {
            if (Environment.GetEnvironmentVariable(variable) == "0")
            {
                throw new CommandException(
                    StatusCode.CommandFailed,
                    $"'{command}' needs the runtime's diagnostic port, which {variable}=0 turns off in process {Environment.ProcessId}; restart the process without that variable");
            }
        }
    }

    /// <summary>A failure of a request to the diagnostic port, explained; other exceptions pass through unchanged.</summary>
    public static Exception Explain(string command, Exception e) => e switch
    {
        DiagnosticServerException { Failure: DiagnosticServerFailure.Unreachable } => new CommandException(
            StatusCode.CommandFailed,
            $"'{command}': the runtime's diagnostic port cannot be reached ({e.Message}); is DOTNET_EnableDiagnostics=0 set, or its socket deleted by a tmp cleaner? Restarting the process recreates it"),
        DiagnosticServerException { Failure: DiagnosticServerFailure.Unsupported } => new CommandException(
            StatusCode.CommandFailed,
            $"'{command}': this runtime does not support the request ({e.Message})"),
        DiagnosticServerException => new CommandException(
            StatusCode.CommandFailed,
            $"'{command}': the runtime's diagnostic port refused the request in process {Environment.ProcessId}: {e.Message}"),
        _ => e,
    };
}
