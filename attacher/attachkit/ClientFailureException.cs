namespace AttachKit.Cli;

/// <summary>
/// A failure on attachkit's own side of a command (the output file, the program to start, the
/// descriptor to read): reported like any failure of the attach, on stderr and, with --json, as the
/// JSON error document.
/// </summary>
internal sealed class ClientFailureException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What attachkit exits with.</summary>
    public int ExitCode { get; } = exitCode;
}
