namespace AttachKit.Attacher.Threads;

/// <summary>The kernel's thread states (proc(5), /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat field 3).</summary>
public static class ThreadStates
{
    /// <summary>A word for a state letter: <c>S</c> → <c>sleeping</c>.</summary>
    public static string Describe(char state) => state switch
    {
        'R' => "running",
        'S' => "sleeping",
        'D' => "uninterruptible wait",
        'T' => "stopped",
        't' => "tracing stop",
        'Z' => "zombie",
        'X' => "dead",
        'I' => "idle",
        'P' => "parked",
        'W' => "waking",
        _ => "unknown",
    };
}
