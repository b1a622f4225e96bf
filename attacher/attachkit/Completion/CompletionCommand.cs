using System.CommandLine;

namespace AttachKit.Cli.Completion;

/// <summary><c>attachkit completion bash|zsh</c>: prints a script that makes the shell complete attachkit's command line.</summary>
internal static class CompletionCommand
{
    public const string Name = "completion";

    public static Command Build()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command(Name, "print a shell completion script: eval \"$(attachkit completion bash)\" in ~/.bashrc") { shell };
        command.SetAction(async (result, cancellationToken) =>
        {
            var script = CompletionScript.For(result.GetValue(shell)!, CompletionScript.SelfCommand());
            await Console.Out.WriteAsync(script.AsMemory(), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
