namespace AttachKit.Protocol;

/// <summary>
/// The names of the commands every agent serves, as a client sends them: the one place they are
/// written. The agent's commands take their names from here, and so do the clients that handle a
/// command's body themselves and the CLI's shell completion (which must know them without attaching).
/// An app's own commands cannot take any of these names.
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

    /// <summary>Every built-in command, in the order <c>help</c> lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Help, Version, Fds, FdExport, Heap, Gc, HeapDump, Trace,
        Counters, ThreadPool, Env, Assemblies, LogLevel, Threads,
    ];
}
