using AttachKit.Attacher.Inspection;
using AttachKit.Protocol;

namespace AttachKit.Cli.Inspection;

/// <summary>How long the target was held still, and which of its threads would not stop: said with every answer read from outside.</summary>
internal sealed record InspectionPause(int Pid, TimeSpan Paused, IReadOnlyList<int> NotStopped);

/// <summary>
/// A command answered by reading the process from outside (<see cref="LiveRuntime"/>) instead of asking
/// an agent: <c>threads --locks</c>, <c>deadlocks</c>, <c>tasks</c>. It parses its arguments in the
/// operator's attachkit (bad ones fail there) and again in the inspecting child, which reads the target
/// and writes the answer (docs/INTERNALS.md, "Reading a process from outside").
/// </summary>
internal abstract class InspectionCommand
{
    private static readonly TimeSpan DefaultMaxPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestMaxPause = TimeSpan.FromSeconds(60);

    protected InspectionCommand(string name, IReadOnlyList<string> arguments, params string[] flags)
    {
        Name = name;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--max-pause" && i + 1 < arguments.Count && DurationText.TryParse(arguments[i + 1], out var pause) && pause > TimeSpan.Zero && pause <= LongestMaxPause)
            {
                MaxPause = pause;
                i++;
            }
            else if (flags.Contains(arguments[i]))
            {
                Flags.Add(arguments[i]);
            }
            else
            {
                throw new ArgumentException($"{name}: unexpected '{arguments[i]}'; usage: {name} {BuiltInCommands.Usage(name).Text} (--max-pause: how long the process may be held still, such as 2s or 500ms, at most {LongestMaxPause.TotalSeconds:0}s; {DefaultMaxPause.TotalSeconds:0}s unless given)");
            }
        }
    }

    public string Name { get; }

    /// <summary>How long the target may be held still before the reading gives up and lets it go.</summary>
    public TimeSpan MaxPause { get; } = DefaultMaxPause;

    protected HashSet<string> Flags { get; } = [];

    /// <summary>Whether <paramref name="command"/> with <paramref name="arguments"/> is read from outside (without making it, which needs ClrMD).</summary>
    public static bool IsReadFromOutside(string command, IReadOnlyList<string> arguments)
        => BuiltInCommands.ReadFromOutside.Contains(command) || (command == BuiltInCommands.Threads && arguments.Contains(LocksInspection.LocksFlag));

    /// <summary>The command that <paramref name="command"/> with <paramref name="arguments"/> is, when it is read from outside; else null.</summary>
    /// <exception cref="ArgumentException">Its arguments are not valid.</exception>
    public static InspectionCommand? For(string command, IReadOnlyList<string> arguments) => command switch
    {
        BuiltInCommands.Threads when arguments.Contains(LocksInspection.LocksFlag) => new LocksInspection(command, arguments),
        BuiltInCommands.Deadlocks => new LocksInspection(command, arguments),
        BuiltInCommands.Tasks => new TasksInspection(arguments),
        _ => null,
    };

    /// <summary>Reads what the command needs while the target is held still, and keeps it (copied out of the target) for <see cref="Write"/>.</summary>
    public abstract void Read(LiveRuntime live, CancellationToken cancellationToken);

    /// <summary>Writes the answer once the target runs again; returns the exit code.</summary>
    public abstract int Write(Stream output, bool json, InspectionPause pause);
}
