using System.CommandLine;
using System.Text;

namespace AttachKit.Cli.Completion;

/// <summary>
/// <c>attachkit completion bash|zsh</c>: prints a script that makes the shell complete attachkit's
/// command line; the script asks <c>attachkit completion words</c> (hidden) for each word.
/// </summary>
internal static class CompletionCommand
{
    public const string Name = "completion";

    /// <summary>The hidden subcommand the script calls: <c>attachkit completion words &lt;index&gt; -- &lt;words…&gt;</c>.</summary>
    public const string WordsName = "words";

    /// <summary>The shells a script is made for.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh"];

    public static Command Build()
    {
        var shell = new Argument<string>("shell") { Description = string.Join(" or ", Shells) };
        shell.AcceptOnlyFromAmong([.. Shells]);
        var command = new Command(Name, "print a shell completion script: eval \"$(attachkit completion bash)\" in ~/.bashrc") { shell, Words() };
        command.SetAction(async (result, cancellationToken) =>
        {
            var script = CompletionScript.For(result.GetValue(shell)!, CompletionScript.SelfCommand());
            await Console.Out.WriteAsync(script.AsMemory(), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Words()
    {
        var index = new Argument<int>("index") { Description = "which word is being completed (bash's COMP_CWORD)" };
        var words = new Argument<string[]>("words") { Description = "the command line's words, attachkit's name first (COMP_WORDS)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(WordsName, "the words the shell may offer, one a line") { index, words };
        command.Hidden = true;
        command.SetAction(async (result, cancellationToken) =>
        {
            var candidates = await CompletionWords.ForAsync(result.GetValue(words) ?? [], result.GetValue(index), cancellationToken);
            await using var stdout = StandardOutput.Open();
            await stdout.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(candidates.Select(candidate => candidate + "\n"))), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
