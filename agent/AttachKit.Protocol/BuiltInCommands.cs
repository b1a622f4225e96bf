namespace AttachKit.Protocol;

/// <summary>
/// The names of the commands every agent serves, as a client sends them, and what a user types after
/// each (<see cref="Usage"/>): the one place they are written. The agent's commands take their names
/// and the options they parse from here, its <c>help</c> shows the usage, and the CLI takes both for
/// the commands it handles itself and for its shell completion (which must know them without
/// attaching). An app's own commands cannot take any of these names.
/// </summary>
/// <remarks>Names are part of what clients send (docs/COMMANDS.md): never rename one.</remarks>
public static class BuiltInCommands
{
    /// <summary><c>help</c>: the commands the process offers, its app's own included.</summary>
    public const string Help = "help";

    /// <summary><c>version</c>: agent, runtime, OS, pid, start time, uptime, command line.</summary>
    public const string Version = "version";

    /// <summary><c>fds</c>: every open descriptor of the process.</summary>
    public const string Fds = "fds";

    /// <summary><c>fd-export</c>: descriptors of the process themselves, passed over the connection (SCM_RIGHTS).</summary>
    public const string FdExport = "fd-export";

    /// <summary><c>heap</c>: the GC heap, generations, pauses and memory limits.</summary>
    public const string Heap = "heap";

    /// <summary><c>gc</c>: a full collection, with the heap before and after.</summary>
    public const string Gc = "gc";

    /// <summary><c>heap-dump</c>: a dump by the runtime's own writer, streamed back as the body.</summary>
    public const string HeapDump = "heap-dump";

    /// <summary><c>trace</c>: an EventPipe trace, its .nettrace bytes streamed back as the body.</summary>
    public const string Trace = "trace";

    /// <summary><c>counters</c>: CPU, memory, GC, thread pool, locks, exceptions; once or a row per interval.</summary>
    public const string Counters = "counters";

    /// <summary><c>threadpool</c>: the thread pool's limits, threads, queue and a starvation verdict.</summary>
    public const string ThreadPool = "threadpool";

    /// <summary><c>env</c>: the environment, secrets redacted.</summary>
    public const string Env = "env";

    /// <summary><c>assemblies</c>: the loaded assemblies.</summary>
    public const string Assemblies = "assemblies";

    /// <summary><c>loglevel</c>: the app's registered log level switches, shown or changed.</summary>
    public const string LogLevel = "loglevel";

    /// <summary><c>threads</c>: a raw capture of every thread's stack, parsed by the attacher (docs/PROTOCOL.md §6).</summary>
    public const string Threads = "threads";

    /// <summary><c>deadlocks</c>: read by attachkit from outside the process (no agent needed), not sent to it.</summary>
    public const string Deadlocks = "deadlocks";

    /// <summary><c>tasks</c>: the pending async work, read by attachkit from outside the process (no agent needed), not sent to it.</summary>
    public const string Tasks = "tasks";

    /// <summary>The commands attachkit answers by reading the process from outside; an app may not take their names either.</summary>
    public static IReadOnlyList<string> ReadFromOutside { get; } = [Deadlocks, Tasks];

    /// <summary>Every built-in command, in the order <c>help</c> lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Help, Version, Fds, FdExport, Heap, Gc, HeapDump, Trace,
        Counters, ThreadPool, Env, Assemblies, LogLevel, Threads,
    ];

    /// <summary>The options that attachkit handles itself or that the agent parses, for every built-in command that takes any.</summary>
    private static readonly Dictionary<string, CommandUsage> Usages = new(StringComparer.Ordinal)
    {
        [FdExport] = new("<fd|from-to>[,…]…",
        [
            new("--listeners"),
            new("--read", TakenByAttachkit: true),
            new("--exec", "-- <command> [args…]", TakenByAttachkit: true),
        ]),
        [Gc] = new("", [new("--compact")]),
        [HeapDump] = new("",
        [
            new("-o", "<file>", TakenByAttachkit: true, Required: true),
            new("--type", "full|heap|mini|triage"),
        ]),
        [Trace] = new("",
        [
            new("-o", "<file>", TakenByAttachkit: true, Required: true),
            new("--duration", "<time>"),
            new("--profile", "<profile>"),
            new("--providers", "<list>"),
            new("--format", "nettrace|speedscope", TakenByAttachkit: true),
        ]),
        [Counters] = new("", [new("--interval", "<time>"), new("--count", "<n>")]),
        [ThreadPool] = new("", [new("--window", "<time>")]),
        [Env] = new("", [new("--unredacted")]),
        [LogLevel] = new("[[<switch>] <level>]", []),
        // The CLI parses the dump and sends the agent what it needs (docs/PROTOCOL.md §6).
        [Threads] = new("",
        [
            new("--group", TakenByAttachkit: true),
            new("--top", "<n>", TakenByAttachkit: true),
            new("--interval", "<time>", TakenByAttachkit: true),
            new("--no-method-cache", TakenByAttachkit: true),
            new("--locks", TakenByAttachkit: true),
            new("--max-pause", "<time>", TakenByAttachkit: true),
        ]),
        [Deadlocks] = new("", [new("--max-pause", "<time>", TakenByAttachkit: true)]),
        [Tasks] = new("", [new("--max-pause", "<time>", TakenByAttachkit: true)]),
    };

    /// <summary>What a user types after <paramref name="command"/>; <see cref="CommandUsage.None"/> for a command that takes nothing or is not built in.</summary>
    internal static CommandUsage Usage(string command) => Usages.GetValueOrDefault(command) ?? CommandUsage.None;
}
