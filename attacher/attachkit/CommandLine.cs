using System.CommandLine;
using AttachKit.Attacher;

namespace AttachKit.Cli;

/// <summary><c>attachkit &lt;pid&gt; &lt;command&gt; [args…]</c>: the grammar, help text and exit codes.</summary>
internal static class CommandLine
{
    private static readonly string Description = $"""
        Attach to a running .NET process that has the AttachKit agent, or to a HotSpot JVM, run one
        command, print its reply. What the process is comes from the files it maps.

        Examples:
          attachkit 1234 help              the commands this process offers
          attachkit 1234 version --json    agent, runtime and process facts, as JSON
          attachkit 1234 fds               open files, pipes and sockets
          attachkit 1234 fd-export 7 --read
                                           copy what fd 7 holds (a deleted log, say) to stdout
          attachkit 1234 fd-export --listeners --exec -- ./server
                                           start ./server on the same listening sockets (LISTEN_FDS)
          attachkit 1234 threads --group   every thread's stack, identical stacks together
          attachkit 1234 threads --top 3   the 3 threads busiest on the CPU over 1 s
          attachkit 4321 help              on a JVM: what works there (threads, jcmd, properties, …)
          attachkit 4321 jcmd VM.version   on a JVM: any diagnostic command, as jcmd runs it

        Exit codes:
        {string.Join('\n', ExitCodes.All.Select(exit => $"  {exit.Code}  {exit.Meaning}"))}
          With fd-export --exec, attachkit exits with the command's own exit code.
        """;

    public static RootCommand Build()
    {
        var pid = new Argument<int>("pid") { Description = "the process to attach to" };
        var command = new Argument<string>("command") { Description = "the command to run in it (try 'help')" };
        var arguments = new Argument<string[]>("arguments")
        {
            Description = "the command's arguments, passed on as they are",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "ask the agent for JSON instead of text" };
        var force = new Option<bool>("--force") { Description = "signal the process even if it shows no agent (it dies if it has none)" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "seconds to wait for the agent's socket",
            DefaultValueFactory = _ => 10,
        };
        var signal = new Option<int>("--signal")
        {
            Description = "the agent's trigger signal, as a name (QUIT, USR2) or a number",
            DefaultValueFactory = _ => AttachClientOptions.ParseSignal("QUIT"),
            CustomParser = token =>
            {
                try
                {
                    return AttachClientOptions.ParseSignal(token.Tokens.Single().Value);
                }
                catch (ArgumentException e)
                {
                    token.AddError(e.Message);
                    return 0;
                }
            },
        };

        var root = new RootCommand(Description) { pid, command, arguments, json, force, timeout, signal };
        root.SetAction((result, cancellationToken) => AttachRunner.RunAsync(
            new AttachInvocation(
                result.GetValue(pid),
                result.GetValue(command)!,
                result.GetValue(arguments) ?? [],
                result.GetValue(json),
                new AttachClientOptions
                {
                    Force = result.GetValue(force),
                    Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
                    Signal = result.GetValue(signal),
                }),
            cancellationToken));
        return root;
    }
}
