namespace AttachKit.Cli.Completion;

/// <summary>
/// The shell side of completion, one bash function that hands the words to attachkit
/// (<see cref="CompletionWords"/>, which holds every rule) and offers what it prints; when it prints
/// nothing, the shell completes file names. System.CommandLine's <c>[suggest]</c> directive is not used:
/// at the first word it offers the command names as well as the pids, and matches inside words.
/// </summary>
internal static class CompletionScript
{
    /// <summary>How this very attachkit was started (<c>dotnet …/attachkit.dll</c>, or a native build), quoted for a shell.</summary>
    public static string SelfCommand()
    {
        var host = Environment.ProcessPath ?? "attachkit";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? $"{Quote(host)} {Quote(Environment.GetCommandLineArgs()[0])}"
            : Quote(host);
    }

    public static string For(string shell, string self) => shell == "zsh" ? Zsh(self) : Bash(self);

    // The whole array, never one element: zsh (through bashcompinit) counts its arrays from 1, bash from 0,
    // and both number COMP_CWORD from 0.
    private static string Bash(string self) => $$"""
        # attachkit completion for bash; in ~/.bashrc: eval "$(attachkit completion bash)"
        _attachkit_complete()
        {
            local IFS=$'\n'
            COMPREPLY=($({{self}} {{CompletionCommand.Name}} {{CompletionCommand.WordsName}} "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null))
        }
        complete -o default -F _attachkit_complete attachkit

        """;

    private static string Zsh(string self) => $$"""
        # attachkit completion for zsh; in ~/.zshrc: eval "$(attachkit completion zsh)"
        autoload -U +X bashcompinit && bashcompinit
        {{Bash(self)}}
        """;

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
