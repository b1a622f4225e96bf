using AttachKit.Protocol;

namespace AttachKit.Cli.Completion;

/// <summary>
/// The shell side of completion, one bash function: the first word is a subcommand or a pid (from
/// <c>attachkit list --quiet</c>, which reads /proc and signals nobody); after a pid, the agent's
/// built-in command names (written into the script: no process starts for them, and an app's own
/// commands are left to <c>attachkit &lt;pid&gt; help</c>); then attachkit's options,
/// and file names. System.CommandLine's <c>[suggest]</c> directive is not used: at the first word it
/// offers the command names as well as the pids, and matches inside words.
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

    private static string Bash(string self) => $$"""
        # attachkit completion for bash; in ~/.bashrc: eval "$(attachkit completion bash)"
        _attachkit_complete()
        {
            local word="${COMP_WORDS[COMP_CWORD]}" first="${COMP_WORDS[1]}" words
            if [ "$COMP_CWORD" -eq 1 ]; then
                words="list completion $({{self}} list --quiet 2>/dev/null)"
            elif [ "$first" = list ]; then
                words="--all --json --quiet"
            elif [ "$first" = completion ]; then
                words="bash zsh"
            elif [ "$COMP_CWORD" -eq 2 ]; then
                words="{{string.Join(' ', BuiltInCommands.All)}}"
            elif [[ "$word" == -* ]]; then
                words="--json --force --timeout --signal"
            else
                return 0
            fi
            COMPREPLY=($(compgen -W "$words" -- "$word"))
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
