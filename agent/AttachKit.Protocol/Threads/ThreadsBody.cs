namespace AttachKit.Protocol.Threads;

/// <summary>
/// The body of a <c>threads</c> reply (docs/PROTOCOL.md §6): binary, so that the agent can pass the
/// runtime's EventPipe capture on without parsing it. A magic, then sections of
/// <c>tag(4 ASCII bytes) length(uint32 LE) payload</c>, then the trace section, which has no length
/// and runs to the end of the body.
/// </summary>
internal static class ThreadsBody
{
    /// <summary>The first bytes of the body: a name and the format version (1).</summary>
    public static ReadOnlySpan<byte> Magic => "AKTHREADS\u0001"u8;

    /// <summary>Facts about the dump as string pairs (pid, time, runtime…); see <see cref="InfoKeys"/>.</summary>
    public const string InfoTag = "INFO";

    /// <summary>A table of every thread of the process from /proc/self/task; see <see cref="TaskSnapshot"/>.</summary>
    public const string TasksTag = "TASK";

    /// <summary>The raw EventPipe stream (nettrace format); always last, runs to the end of the body.</summary>
    public const string TraceTag = "TRCE";

    /// <summary>The length field of the trace section: it has no length, it ends with the body.</summary>
    public const uint ToEndOfBody = uint.MaxValue;

    /// <summary>The largest section a reader accepts (the trace section aside).</summary>
    public const int MaxSectionBytes = 16 * 1024 * 1024;
}

/// <summary>Keys of the <see cref="ThreadsBody.InfoTag"/> section; readers ignore keys they do not know.</summary>
internal static class InfoKeys
{
    /// <summary>The target's pid, decimal.</summary>
    public const string Pid = "pid";

    /// <summary>When the thread table was read, ISO 8601 UTC.</summary>
    public const string Time = "time";

    /// <summary>The runtime's description, e.g. <c>.NET 10.0.12</c>.</summary>
    public const string Runtime = "runtime";

    /// <summary>The entry assembly's name, when there is one.</summary>
    public const string App = "app";

    /// <summary>The CPU interval asked for, in milliseconds, when there is one (two task tables follow).</summary>
    public const string IntervalMs = "intervalMs";

    /// <summary>Names the set of code in the process when the capture started; a client keeps it with the method map of a rundown.</summary>
    public const string CodeEpoch = "codeEpoch";

    /// <summary><c>1</c> when the trace ends with the method rundown, <c>0</c> when the client's <c>--method-epoch</c> was current and it was left out.</summary>
    public const string Rundown = "rundown";
}
