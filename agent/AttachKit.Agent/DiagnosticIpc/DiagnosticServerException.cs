using System.Globalization;

namespace AttachKit.Agent.DiagnosticIpc;

/// <summary>What went wrong with a request to the runtime's diagnostic server.</summary>
internal enum DiagnosticServerFailure
{
    /// <summary>Nothing of this process listens where its diagnostic server should, or it hung up without an answer.</summary>
    Unreachable,

    /// <summary>The runtime does not know the command or cannot read its options (an older runtime).</summary>
    Unsupported,

    /// <summary>The runtime understood and refused, or failed to do it.</summary>
    Refused,
}

/// <summary>A request to this process's diagnostic server that failed; <see cref="Failure"/> says how.</summary>
internal sealed class DiagnosticServerException(DiagnosticServerFailure failure, string message) : IOException(message)
{
    // The diagnostic server's errors (DS_IPC_E_*, ipc-protocol.md, "Errors").
    private const uint BadEncoding = 0x80131384;
    private const uint UnknownCommand = 0x80131385;
    private const uint NotSupported = 0x80131515;
    private const uint InvalidArgument = 0x80070057;

    public DiagnosticServerFailure Failure { get; } = failure;

    /// <summary>Whether an error reply says the runtime does not know the command at all (a newer version of it may be tried instead).</summary>
    public static bool IsUnknownCommand(IpcReply reply) => !reply.Ok && reply.ErrorCode == UnknownCommand;

    /// <summary>The failure an error reply stands for; <paramref name="message"/> is the runtime's own account, when it gave one.</summary>
    public static DiagnosticServerException Of(string operation, IpcReply reply, string? message = null)
    {
        var code = reply.ErrorCode;
        return code switch
        {
            UnknownCommand => new(DiagnosticServerFailure.Unsupported, $"{operation}: the runtime does not know the command"),
            BadEncoding or InvalidArgument => new(DiagnosticServerFailure.Unsupported, $"{operation}: the runtime cannot read the request (0x{code:X8}), likely an option it does not support"),
            NotSupported => new(DiagnosticServerFailure.Refused, $"{operation}: not supported by this runtime"),
            _ => new(DiagnosticServerFailure.Refused, string.IsNullOrWhiteSpace(message)
                ? string.Create(CultureInfo.InvariantCulture, $"{operation} failed: HRESULT 0x{code:X8}")
                : $"{operation} failed: {message}"),
        };
    }
}
