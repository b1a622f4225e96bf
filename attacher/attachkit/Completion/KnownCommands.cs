namespace AttachKit.Cli.Completion;

/// <summary>
/// The agent's built-in command names, for completion: known without attaching (a completion must
/// not signal anyone). An app's own commands are not among them; <c>attachkit &lt;pid&gt; help</c> lists them.
/// </summary>
internal static class KnownCommands
{
    public static readonly string[] Names =
    [
        "help", "version", "fds", "fd-export", "heap", "gc", "heap-dump", "trace",
        "counters", "threadpool", "env", "assemblies", "loglevel", "threads",
    ];
}
