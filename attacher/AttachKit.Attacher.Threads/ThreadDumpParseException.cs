namespace AttachKit.Attacher.Threads;

/// <summary>The agent's capture arrived whole but could not be parsed; it is kept in <see cref="CapturePath"/>.</summary>
public sealed class ThreadDumpParseException(string message, string? capturePath, Exception inner) : AttachException(message, inner)
{
    /// <summary>The file that holds the raw body (docs/PROTOCOL.md §6), or null when it could not be written.</summary>
    public string? CapturePath { get; } = capturePath;
}
