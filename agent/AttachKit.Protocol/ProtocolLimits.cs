namespace AttachKit.Protocol;

/// <summary>The hard limits of a request, checked by the agent before any allocation they would size.</summary>
public static class ProtocolLimits
{
    /// <summary>The longest version tag, in bytes.</summary>
    public const int MaxVersionBytes = 8;

    /// <summary>The longest command name, in bytes.</summary>
    public const int MaxCommandBytes = 64;

    /// <summary>The longest single argument, in bytes.</summary>
    public const int MaxArgumentBytes = 4096;

    /// <summary>The most arguments one request may carry.</summary>
    public const int MaxArguments = 64;

    /// <summary>The largest whole request, in bytes, terminators included.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>The longest status line, in bytes, line feed included.</summary>
    public const int MaxStatusLineBytes = 1024;

    /// <summary>The largest body chunk an agent sends and a client accepts.</summary>
    public const int MaxChunkBytes = 1024 * 1024;

    /// <summary>How long the agent waits for a whole request after accepting a connection.</summary>
    public static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(5);
}
