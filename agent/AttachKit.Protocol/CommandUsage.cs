namespace AttachKit.Protocol;

/// <summary>An option of a built-in command, as a user types it after the command's name.</summary>
/// <param name="Name">The option itself: <c>--interval</c>, <c>-o</c>.</param>
/// <param name="Value">
/// What follows it, as help writes it: a placeholder (<c>&lt;time&gt;</c>), or the values it takes
/// (<c>full|heap|mini|triage</c>); null for a flag.
/// </param>
/// <param name="TakenByAttachkit">
/// attachkit reads it itself (where to save, how to render, what to run) and does not send it as it
/// was typed: the agent's parser never sees it.
/// </param>
/// <param name="Required">The command needs it (<c>-o &lt;file&gt;</c> of a command whose body is saved).</param>
internal sealed record CommandOption(string Name, string? Value = null, bool TakenByAttachkit = false, bool Required = false)
{
    /// <summary>The option with its value, as help and the agent's messages write it: <c>--count &lt;n&gt;</c>.</summary>
    public string Syntax => Value is null ? Name : $"{Name} {Value}";

    /// <summary>The values it takes when they are a fixed few (<c>full|heap|mini|triage</c>); else none.</summary>
    public IReadOnlyList<string> Choices => Value is { } value && value.Contains('|', StringComparison.Ordinal) && !value.Contains('<', StringComparison.Ordinal)
        ? value.Split('|')
        : [];
}

/// <summary>What a user types after a built-in command's name: its words, then its options.</summary>
/// <param name="Arguments">The words that are not options, as help writes them (<c>[[&lt;switch&gt;] &lt;level&gt;]</c>); empty when it takes none.</param>
/// <param name="Options">Its options, in the order help lists them.</param>
internal sealed record CommandUsage(string Arguments, IReadOnlyList<CommandOption> Options)
{
    /// <summary>A command that takes nothing.</summary>
    public static CommandUsage None { get; } = new("", []);

    /// <summary>One line for help: the arguments, then each option, in brackets unless required: <c>-o &lt;file&gt; [--type full|heap|mini|triage]</c>.</summary>
    public string Text => string.Join(' ', Options
        .Select(option => option.Required ? option.Syntax : $"[{option.Syntax}]")
        .Prepend(Arguments)
        .Where(part => part.Length > 0));

    /// <summary>The option named <paramref name="name"/>, or null.</summary>
    public CommandOption? Find(string name) => Options.FirstOrDefault(option => option.Name == name);
}
