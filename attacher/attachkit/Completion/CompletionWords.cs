using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AttachKit.Attacher;
using AttachKit.Cli.Discovery;
using AttachKit.Cli.Jvm;
using AttachKit.Protocol;

namespace AttachKit.Cli.Completion;

/// <summary>
/// What the shell may offer for one word of an attachkit command line: the completion script's one
/// call (<c>attachkit completion words &lt;index&gt; -- &lt;words…&gt;</c>), so that every rule is here.
/// The first word: the subcommands and the pids an attach reaches (as <c>list --quiet</c>: /proc only).
/// After a pid: the commands of that process. Its app's own come from its <c>help</c>, asked only of an
/// agent that listens already (<see cref="AttachClient.SendIfListeningAsync"/>): completing never
/// signals a process, and a dormant agent is offered the built-in commands. After a command: its options
/// (<see cref="BuiltInCommands.Usage"/>) and attachkit's own, or the values an option takes.
/// </summary>
internal static class CompletionWords
{
    // The shell waits for the answer: an agent that does not answer its help at once is left out.
    private static readonly TimeSpan AgentWait = TimeSpan.FromSeconds(1);

    /// <summary>The words that complete <paramref name="words"/>[<paramref name="index"/>] (the program's name first), in order.</summary>
    public static async Task<IReadOnlyList<string>> ForAsync(IReadOnlyList<string> words, int index, CancellationToken cancellationToken)
    {
        var current = index < words.Count ? words[index] : "";
        var candidates = await CandidatesAsync(words, index, current, cancellationToken);
        return [.. candidates.Where(candidate => candidate.StartsWith(current, StringComparison.Ordinal)).Distinct()];
    }

    private static async Task<IEnumerable<string>> CandidatesAsync(IReadOnlyList<string> words, int index, string current, CancellationToken cancellationToken)
    {
        if (index < 1 || index > words.Count)
        {
            return [];
        }

        if (index == 1)
        {
            return [ListCommand.Name, CompletionCommand.Name, .. AttachTargets.List().Targets.Where(target => target.CanAttach).Select(target => target.Pid.ToString(CultureInfo.InvariantCulture))];
        }

        switch (words[1])
        {
            case ListCommand.Name:
                return Names(ListCommand.Build().Options);
            case CompletionCommand.Name:
                return index == 2 ? CompletionCommand.Shells : [];
        }

        if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return [];
        }

        if (index == 2)
        {
            return await CommandNamesAsync(pid, cancellationToken);
        }

        // After a "--" come a program's own arguments (fd-export --exec -- <command> …): the shell's default.
        if (words.Take(index).Skip(3).Contains("--"))
        {
            return [];
        }

        var usage = BuiltInCommands.Usage(words[2]);
        var own = CommandLine.AttachOptions();
        var previous = words[index - 1];
        if (usage.Find(previous) is { Value: not null } option)
        {
            return option.Choices;
        }

        if (!current.StartsWith('-') || own.Any(option => option.Name == previous && option.ValueType != typeof(bool)))
        {
            return [];
        }

        // A JVM's commands share names with the agent's (threads), not their options.
        return usage.Options.Count > 0 && Kind(pid) != TargetKind.HotSpot ? [.. Names(usage.Options), .. Names(own)] : Names(own);
    }

    // The commands an agent that listens lists in its help, the app's own with the built-in ones (those the
    // app disabled left out); where none listens, the built-in commands, or a JVM's; and those read from outside.
    private static async Task<IEnumerable<string>> CommandNamesAsync(int pid, CancellationToken cancellationToken)
    {
        try
        {
            var client = new AttachClient(new AttachClientOptions { Timeout = AgentWait, ReplyTimeout = AgentWait, WaitOnCallingThread = true });
            using var reply = await client.SendIfListeningAsync(pid, new AttachRequest(BuiltInCommands.Help, [], ReplyFormat.Json), receiveDescriptors: false, cancellationToken);
            if (reply is not null)
            {
                using var help = JsonDocument.Parse(await reply.ReadToEndAsync(cancellationToken));
                return [.. help.RootElement.GetProperty("commands").EnumerateArray()
                    .Where(command => command.GetProperty("enabled").GetBoolean())
                    .Select(command => command.GetProperty("name").GetString() ?? ""), .. BuiltInCommands.ReadFromOutside];
            }
        }
        catch (Exception e) when (e is AttachException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // An agent that cannot answer completes like one that does not listen.
        }

        // threads --locks, deadlocks and tasks are read from outside: offered for any .NET process.
        return Kind(pid) == TargetKind.HotSpot ? JvmCommands.Names : [.. BuiltInCommands.All, .. BuiltInCommands.ReadFromOutside];
    }

    // Read from the process's listener or maps, as an attach decides it: nobody is signalled.
    private static TargetKind Kind(int pid)
    {
        try
        {
            return TargetDetection.Detect(pid);
        }
        catch (AttachException)
        {
            return TargetKind.Unknown;
        }
    }

    private static IEnumerable<string> Names(IEnumerable<Option> options) => options.SelectMany(option => option.Aliases.Prepend(option.Name));

    private static IEnumerable<string> Names(IEnumerable<CommandOption> options) => options.Select(option => option.Name);
}
