using System.CommandLine;
using AttachKit.Attacher;
using AttachKit.Cli.Completion;
using AttachKit.Cli.Discovery;

namespace AttachKit.Cli;

/// <summary>
/// <c>attachkit &lt;pid&gt; &lt;command&gt; [args…]</c>, <c>attachkit list</c>, <c>attachkit completion</c>:
/// the grammar, help text and exit codes.
/// </summary>
internal static class CommandLine
{
    /// <summary>The subcommands, which take the place of the pid, by name (known without building them).</summary>
    private static readonly (string Name, Func<Command> Build)[] Subcommands =
        [(ListCommand.Name, ListCommand.Build), (CompletionCommand.Name, CompletionCommand.Build)];

    /// <summary>The root's help text; made only for the full grammar.</summary>
    private static string Description => $"""
        Attach to a running .NET process that has the AttachKit agent, or to a HotSpot JVM, run one
        command, print its reply. What the process is comes from its listener's socket when one is
        up, else from the files it maps.

        Examples:
          attachkit list                   the processes with the agent (--all: every .NET process)
          attachkit 1234 help              the commands this process offers
          attachkit 1234 version --json    agent, runtime and process facts, as JSON
          attachkit 1234 fds               open files, pipes and sockets
          attachkit 1234 fd-export 7 --read
                                           copy what fd 7 holds (a deleted log, say) to stdout
          attachkit 1234 fd-export --listeners --exec -- ./server
                                           start ./server on the same listening sockets (LISTEN_FDS)
          attachkit 1234 threads --group   every thread's stack, identical stacks together
          attachkit 1234 threads --top 3   the 3 threads busiest on the CPU over 1 s
          attachkit 5678 version --inject  load the agent into a .NET 8+ app that lacks it, then attach
          attachkit 4321 help              on a JVM: what works there (threads, jcmd, properties, …)
          attachkit 4321 jcmd VM.version   on a JVM: any diagnostic command, as jcmd runs it

        Exit codes:
        {string.Join('\n', ExitCodes.All.Select(exit => $"  {exit.Code}  {exit.Meaning}"))}
          With fd-export --exec, attachkit exits with the command's own exit code.
        """;

    private enum Grammar
    {
        /// <summary><c>attachkit &lt;pid&gt; …</c>.</summary>
        Attach,

        /// <summary><c>attachkit list|completion …</c>, whose help shows no pid.</summary>
        Subcommand,

        /// <summary>Both, for <c>attachkit --help</c> and an empty command line.</summary>
        Both,
    }

    /// <summary>
    /// Parses a command line. The subcommands are part of the grammar only when one of them comes
    /// first: the parser takes a subcommand's name for the subcommand wherever it stands, and
    /// <c>attachkit 1234 list</c> must send 'list' to process 1234 (an app may have a command of that name).
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var first = args.FirstOrDefault(arg => !arg.StartsWith('-'));
        var grammar = first is null ? Grammar.Both
            : Subcommands.Any(subcommand => subcommand.Name == first) ? Grammar.Subcommand
            : Grammar.Attach;
        if (grammar == Grammar.Attach && args.All(IsPlainWord))
        {
            // Most attaches: a root without RootCommand's help and version options, whose construction
            // (reflection for the executable's name, resource lookups for their descriptions) is work an
            // attach does not need. With no option-like word the parse is the same; a failed one
            // is parsed again below, so that errors and the help that comes with them are as always.
            var plain = Build(grammar, new Command(PlainRootName)).Parse(args);
            if (plain.Errors.Count == 0)
            {
                return plain;
            }
        }

        return Build(grammar, new RootCommand(Description)).Parse(args);
    }

    private const string PlainRootName = "attachkit";

    /// <summary>attachkit's own options of an attach (<c>--json</c>, <c>--timeout</c>, …), as the parser takes them: for completion.</summary>
    public static IReadOnlyList<Option> AttachOptions() => [.. Build(Grammar.Attach, new Command(PlainRootName)).Options];

    /// <summary>
    /// A word the full grammar, too, can only take for an argument: not an option ('-'), help's /h and /?,
    /// a directive ('[') or a response file ('@').
    /// </summary>
    private static bool IsPlainWord(string arg) => arg.Length > 0 && arg[0] is not ('-' or '/' or '[' or '@');

    /// <summary>Whether --json stands among attachkit's own options (before a "--" that starts a program's arguments).</summary>
    public static bool AsksForJson(IReadOnlyList<string> args) => args.TakeWhile(arg => arg != "--").Contains(JsonOption);

    private const string JsonOption = "--json";

    private static Command Build(Grammar grammar, Command root)
    {
        if (grammar == Grammar.Subcommand)
        {
            return WithSubcommands(root);
        }

        var pid = new Argument<int>("pid") { Description = "the process to attach to (attachkit list shows them)" };
        var command = new Argument<string>("command") { Description = "the command to run in it (try 'help')" };
        var arguments = new Argument<string[]>("arguments")
        {
            Description = "the command's arguments, passed on as they are",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>(JsonOption) { Description = "ask the agent for JSON instead of text" };
        var force = new Option<bool>("--force") { Description = "signal the process even if it shows no agent (it dies if it has none)" };
        var inject = new Option<bool>("--inject") { Description = "load the agent into a .NET 8+ process that does not have it, through the runtime's diagnostic port (it stays until the process exits)" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "seconds to wait for the agent's socket",
            HelpName = "s",
            DefaultValueFactory = _ => 10,
        };
        var replyTimeout = new Option<double>("--reply-timeout")
        {
            Description = "seconds a reply may stay silent before attachkit gives up on the target",
            HelpName = "s",
            DefaultValueFactory = _ => 60,
        };
        replyTimeout.Validators.Add(option =>
        {
            if (option.GetValueOrDefault<double>() <= 0)
            {
                option.AddError("--reply-timeout must be a positive number of seconds");
            }
        });
        var raw = new Option<bool>("--raw") { Description = "print the target's text as it came, control characters and all (by default they are escaped as \\xNN)" };
        // A string, parsed into a number when used: help then shows the default as people write it.
        var signal = new Option<string>("--signal")
        {
            Description = "the agent's trigger signal, as a name (QUIT, USR2) or a number",
            HelpName = "name|n",
            DefaultValueFactory = _ => DefaultSignal,
        };
        signal.Validators.Add(option =>
        {
            try
            {
                AttachClientOptions.ParseSignal(option.GetValueOrDefault<string>());
            }
            catch (ArgumentException e)
            {
                option.AddError(e.Message);
            }
        });

        root.Add(pid);
        root.Add(command);
        root.Add(arguments);
        root.Add(json);
        root.Add(force);
        root.Add(inject);
        root.Add(timeout);
        root.Add(replyTimeout);
        root.Add(raw);
        root.Add(signal);

        if (grammar == Grammar.Both)
        {
            WithSubcommands(root);
        }

        UsageAsReadmeWritesIt.Replace(root, Usage);

        root.SetAction((result, cancellationToken) => AttachRunner.RunAsync(
            new AttachInvocation(
                result.GetValue(pid),
                result.GetValue(command)!,
                // None given: not the parser's default, an empty array it makes by Array.CreateInstance, which a
                // native build does through its type loader (1.4 % of a native attach's CPU).
                result.GetResult(arguments) is null ? [] : result.GetValue(arguments) ?? [],
                result.GetValue(json),
                new AttachClientOptions
                {
                    Force = result.GetValue(force),
                    Inject = result.GetValue(inject),
                    Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
                    ReplyTimeout = TimeSpan.FromSeconds(result.GetValue(replyTimeout)),
                    Signal = AttachClientOptions.ParseSignal(result.GetValue(signal)!),
                    WaitOnCallingThread = true,
                },
                result.GetValue(raw)),
            cancellationToken));
        return root;
    }

    /// <summary>The value of --signal when none is given: the agent's default trigger.</summary>
    public const string DefaultSignal = "QUIT";

    /// <summary>The root's usage lines, as README writes them: the subcommands take the pid's place.</summary>
    private static IReadOnlyList<string> Usage =>
    [
        "attachkit <pid> <command> [args…] [options]",
        $"attachkit {string.Join('|', Subcommands.Select(subcommand => subcommand.Name))} …",
    ];

    private static Command WithSubcommands(Command root)
    {
        foreach (var subcommand in Subcommands)
        {
            root.Subcommands.Add(subcommand.Build());
        }

        return root;
    }
}
