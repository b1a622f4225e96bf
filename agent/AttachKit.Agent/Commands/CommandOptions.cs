using System.Globalization;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// The options a command accepts (<c>--duration &lt;time&gt;</c>, <c>--compact</c>), parsed from
/// <c>--name value</c>, <c>--name=value</c> and <c>--flag</c>. Anything else is refused with a message
/// that lists what the command takes. The command passes its own <see cref="IAttachCommand.Name"/> to
/// each parse, for the messages: its name is written once, in it.
/// </summary>
internal sealed class CommandOptions
{
    private readonly IReadOnlyList<CommandOption> _options;

    public CommandOptions(IReadOnlyList<CommandOption> options) => _options = options;

    /// <summary>
    /// The options of built-in command <paramref name="command"/> that reach the agent, as
    /// <see cref="BuiltInCommands.Usage"/> declares them: the one list that help, the CLI and its
    /// completion show.
    /// </summary>
    public static CommandOptions Of(string command) => new([.. BuiltInCommands.Usage(command).Options.Where(option => !option.TakenByAttachkit)]);

    /// <summary>Parses the arguments of <paramref name="command"/>.</summary>
    /// <exception cref="CommandException">invalid-arguments, saying what is wrong and what is accepted.</exception>
    public ParsedOptions Parse(string command, IReadOnlyList<string> arguments)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var (name, inline) = arguments[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (arguments[i], null);
            if (Find(name) is not { } option)
            {
                throw Invalid(command, $"unknown argument '{arguments[i]}'; {Accepted()}");
            }

            if (values.ContainsKey(name))
            {
                throw Invalid(command, $"{name} is given twice");
            }

            if (option.Value is null)
            {
                values[name] = inline is null ? null : throw Invalid(command, $"{name} takes no value");
                continue;
            }

            var value = inline ?? (i + 1 < arguments.Count ? arguments[++i] : throw Invalid(command, $"{name} needs a value ({option.Syntax})"));
            values[name] = value;
        }

        return new ParsedOptions(command, values);
    }

    /// <summary>
    /// The time a command's arguments add to its budget (<see cref="IAttachCommand.Budget"/>):
    /// zero when they do not parse, since Execute will refuse them anyway.
    /// </summary>
    public TimeSpan ExtraTime(string command, IReadOnlyList<string> arguments, Func<ParsedOptions, TimeSpan> extra)
    {
        try
        {
            return extra(Parse(command, arguments));
        }
        catch (CommandException)
        {
            return TimeSpan.Zero;
        }
    }

    private static CommandException Invalid(string command, string problem) => new(StatusCode.InvalidArguments, $"'{command}': {problem}");

    private CommandOption? Find(string name) => _options.FirstOrDefault(option => option.Name == name);

    private string Accepted() => _options.Count == 0 ? "it takes no arguments" : $"it takes {string.Join(", ", _options.Select(option => option.Syntax))}";

    /// <summary>What <see cref="Parse"/> found.</summary>
    internal sealed class ParsedOptions(string command, IReadOnlyDictionary<string, string?> values)
    {
        /// <summary>Invalid arguments of this command: what a command's own checks of its options throw.</summary>
        public CommandException Invalid(string problem) => CommandOptions.Invalid(command, problem);

        public bool Has(string name) => values.ContainsKey(name);

        public string? Value(string name) => values.GetValueOrDefault(name);

        /// <summary>A duration such as <c>30s</c>, <c>500ms</c> or <c>2m</c>, within bounds.</summary>
        public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
        {
            if (Value(name) is not { } text)
            {
                return fallback;
            }

            var duration = Durations.Parse(text) ?? throw Invalid($"{name} '{text}' is not a duration (use e.g. 30s, 500ms, 2m)");
            return duration >= min && duration <= max
                ? duration
                : throw Invalid($"{name} must be between {Durations.Format(min)} and {Durations.Format(max)} (got {text})");
        }

        public int Integer(string name, int fallback, int min, int max)
        {
            if (Value(name) is not { } text)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
                ? number
                : throw Invalid($"{name} must be a whole number from {min} to {max} (got '{text}')");
        }

        /// <summary>One of a fixed set of names.</summary>
        public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices, T fallback)
        {
            if (Value(name) is not { } text)
            {
                return fallback;
            }

            return choices.TryGetValue(text, out var choice)
                ? choice
                : throw Invalid($"{name} '{text}' is not one of {string.Join(", ", choices.Keys)}");
        }
    }
}
