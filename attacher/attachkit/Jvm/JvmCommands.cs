using AttachKit.Attacher.Jvm;
using AttachKit.Protocol;

namespace AttachKit.Cli.Jvm;

/// <summary>
/// What <c>attachkit &lt;pid&gt; &lt;command&gt;</c> means when the pid is a HotSpot JVM: <c>threads</c> and
/// <c>jcmd</c> are ours (<c>help</c> and <c>threads</c> named as the agent's commands); every other name goes
/// to the JVM's attach listener as it is.
/// </summary>
internal static class JvmCommands
{
    /// <summary>The attach listener's own commands (JDK 17), for help and for a hint on a name it does not know.</summary>
    public static IReadOnlyList<string> ListenerCommands { get; } =
        ["threaddump", "properties", "agentProperties", "inspectheap", "dumpheap", "printflag", "setflag", "datadump", "load", "jcmd"];

    /// <summary>The names <c>help</c> shows: ours, then the listener's not already covered by them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [BuiltInCommands.Help, BuiltInCommands.Threads, BuiltInCommands.Deadlocks, "jcmd", .. ListenerCommands.Where(name => name is not ("jcmd" or "threaddump"))];

    public static string Help(int pid) => $"""
        Process {pid} is a HotSpot JVM, attached through its own attach listener (as jcmd and jattach do):
          help                            this list
          threads [--locks] [--extended]  thread dump: every thread's Java stack, JNI handles, deadlocks
          deadlocks                       only the deadlocks the JVM finds (exit code 8 when there is one)
          jcmd <command> [args…]          any diagnostic command, e.g. 'jcmd VM.version', 'jcmd GC.heap_info';
                                          'jcmd help' lists them
        The attach listener's commands, passed on as they are (paths are the JVM's: its working
        directory and file system):
          properties                      system properties
          agentProperties                 agent properties (e.g. the local JMX connector address)
          inspectheap [-live|-all]        class histogram
          dumpheap <file> [-live|-all]    heap dump, written by the JVM to <file>
          printflag <flag>                a VM flag and its value
          setflag <flag> <value>          set a manageable VM flag
          datadump                        a thread dump to the JVM's own stdout
          load <library> <true|false> [<options>]
                                          load a native agent (true: the path is absolute)
          threaddump [l][e]               the listener's form of 'threads'
        --json puts the JVM's text into a JSON document. Not on a JVM: --signal, and threads' --group, --top, --interval.

        """;

    /// <summary>The request for <paramref name="command"/>, or null for <c>help</c>.</summary>
    /// <exception cref="ArgumentException">Arguments that make no JVM request (exit code 1).</exception>
    public static HotSpotRequest? Request(string command, IReadOnlyList<string> arguments) => command switch
    {
        BuiltInCommands.Help when arguments.Count == 0 => null,
        BuiltInCommands.Help => throw new ArgumentException("help on a JVM takes no arguments"),
        BuiltInCommands.Threads => new HotSpotRequest("threaddump", ThreadDumpFlags(arguments)),
        BuiltInCommands.Deadlocks when arguments.Count == 0 => new HotSpotRequest("threaddump", "l"),
        BuiltInCommands.Deadlocks => throw new ArgumentException("deadlocks on a JVM takes no arguments"),
        BuiltInCommands.Tasks => throw new ArgumentException("tasks is for .NET targets (pending async work); on a JVM, 'threads --locks' shows every thread and its locks"),
        "jcmd" => HotSpotRequest.Jcmd(arguments),
        _ => new HotSpotRequest(command, arguments),
    };

    // threaddump reads its one argument letter by letter: 'l' for locks, 'e' for extended thread info (jstack -l -e).
    private static string ThreadDumpFlags(IReadOnlyList<string> arguments)
    {
        var flags = "";
        foreach (var argument in arguments)
        {
            flags += argument switch
            {
                "--locks" or "-l" => "l",
                "--extended" or "-e" => "e",
                _ when argument == "--json" || BuiltInCommands.Usage(BuiltInCommands.Threads).Find(argument) is not null =>
                    throw new ArgumentException($"threads {argument} is for .NET targets; a JVM's thread dump comes as the JVM prints it (options: --locks, --extended)"),
                _ => throw new ArgumentException($"threads: unexpected '{argument}' for a JVM; usage: threads [--locks] [--extended]"),
            };
        }

        return flags;
    }
}
