using System.Globalization;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// The options a command accepts, declared by their syntax (<c>"--duration &lt;time&gt;"</c>,
/// <c>"--compact"</c>), parsed from <c>--name value</c>, <c>--name=value</c> and <c>--flag</c>.
/// Anything else is refused with a message that lists what the command takes.
/// </summary>
internal sealed class CommandOptions
{
    private readonly string _command;
    private readonly IReadOnlyList<string> _syntax;
    private readonly Dictionary<string, bool> _takesValue = new(StringComparer.Ordinal);

    public CommandOptions(string command, params string[] syntax)
    {
        _command = command;
        _syntax = syntax;
        foreach (var option in syntax)
        {
            var parts = option.Split(' ', 2);
            _takesValue[parts[0]] = parts.Length > 1;
        }
    }

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="CommandException">invalid-arguments, saying what is wrong and what is accepted.</exception>
    public ParsedOptions Parse(IReadOnlyList<string> arguments)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var (name, inline) = arguments[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (arguments[i], null);
            if (!_takesValue.TryGetValue(name, out var takesValue))
            {
                throw Invalid($"unknown argument '{arguments[i]}'; {Accepted()}");
            }

            if (values.ContainsKey(name))
            {
                throw Invalid($"{name} is given twice");
            }

            if (!takesValue)
            {
                values[name] = inline is null ? null : throw Invalid($"{name} takes no value");
                continue;
            }

            var value = inline ?? (i + 1 < arguments.Count ? arguments[++i] : throw Invalid($"{name} needs a value ({Syntax(name)})"));
            values[name] = value;
        }

        return new ParsedOptions(this, values);
    }

    /// <summary>
    /// The time a command's arguments add to its budget (<see cref="IAttachCommand.Budget"/>):
    /// zero when they do not parse, since Execute will refuse them anyway.
    /// </summary>
    public TimeSpan ExtraTime(IReadOnlyList<string> arguments, Func<ParsedOptions, TimeSpan> extra)
    {
        try
        {
            return extra(Parse(arguments));
        }
        catch (CommandException)
        {
            return TimeSpan.Zero;
        }
    }

    internal CommandException Invalid(string problem) => new(StatusCode.InvalidArguments, $"'{_command}': {problem}");

    private string Accepted() => _syntax.Count == 0 ? "it takes no arguments" : $"it takes {string.Join(", ", _syntax)}";

    private string Syntax(string name) => _syntax.First(option => option.Split(' ')[0] == name);

    /// <summary>What <see cref="Parse"/> found.</summary>
    internal sealed class ParsedOptions(CommandOptions spec, IReadOnlyDictionary<string, string?> values)
    {
        public bool Has(string name) => values.ContainsKey(name);

        public string? Value(string name) => values.GetValueOrDefault(name);

        /// <summary>A duration such as <c>30s</c>, <c>500ms</c> or <c>2m</c>, within bounds.</summary>
        public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
        {
            if (Value(name) is not { } text)
            {
                return fallback;
            }

            var duration = Durations.Parse(text) ?? throw spec.Invalid($"{name} '{text}' is not a duration (use e.g. 30s, 500ms, 2m)");
            return duration >= min && duration <= max
                ? duration
                : throw spec.Invalid($"{name} must be between {Durations.Format(min)} and {Durations.Format(max)} (got {text})");
        }

        public int Integer(string name, int fallback, int min, int max)
        {
            if (Value(name) is not { } text)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
                ? number
                : throw spec.Invalid($"{name} must be a whole number from {min} to {max} (got '{text}')");
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
                : throw spec.Invalid($"{name} '{text}' is not one of {string.Join(", ", choices.Keys)}");
        }
    }
}
