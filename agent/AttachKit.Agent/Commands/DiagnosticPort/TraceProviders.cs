using System.Globalization;
using AttachKit.Agent.EventPipe;

namespace AttachKit.Agent.Commands.DiagnosticPort;

/// <summary>
/// Parses <c>--providers</c> the way dotnet-trace writes them: comma-separated
/// <c>Name[:Keywords[:Level[:key=value;key=value]]]</c>, keywords in hex (<c>0x1</c>) or decimal
/// (<c>*</c> for all), level as a number 0–5 or a name (critical, error, warning, informational, verbose).
/// </summary>
internal static class TraceProviders
{
    private const int MaxProviders = 64;

    private static readonly Dictionary<string, EventPipeLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["logalways"] = EventPipeLevel.LogAlways,
        ["critical"] = EventPipeLevel.Critical,
        ["error"] = EventPipeLevel.Error,
        ["warning"] = EventPipeLevel.Warning,
        ["informational"] = EventPipeLevel.Informational,
        ["verbose"] = EventPipeLevel.Verbose,
    };

    /// <summary>The providers in <paramref name="text"/>, or the reason they are not valid.</summary>
    public static (IReadOnlyList<EventPipeProvider> Providers, string? Error) Parse(string text)
    {
        var providers = new List<EventPipeProvider>();
        foreach (var spec in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = spec.Split(':', 4);
            if (parts[0].Length == 0)
            {
                return ([], $"empty provider name in '{text}'");
            }

            var keywords = parts.Length > 1 ? Keywords(parts[1]) : -1;
            var level = parts.Length > 2 ? Level(parts[2]) : EventPipeLevel.Verbose;
            var arguments = parts.Length > 3 ? Arguments(parts[3]) : null;
            if (keywords is null || level is null || (parts.Length > 3 && arguments is null))
            {
                return ([], $"'{spec}' is not Name[:Keywords[:Level[:key=value;...]]] (keywords 0x… or *, level 0-5 or a name)");
            }

            providers.Add(new EventPipeProvider(parts[0], level.Value, keywords.Value, arguments));
        }

        return providers.Count > MaxProviders ? ([], $"at most {MaxProviders} providers") : (providers, null);
    }

    private static long? Keywords(string text) => text switch
    {
        "" or "*" => -1,
        _ when text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            => ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? unchecked((long)hex) : null,
        _ => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? unchecked((long)number) : null,
    };

    private static EventPipeLevel? Level(string text)
    {
        if (text.Length == 0)
        {
            return EventPipeLevel.Verbose;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 0 and <= 5 ? (EventPipeLevel)number : null;
        }

        return Levels.TryGetValue(text, out var level) ? level : null;
    }

    private static Dictionary<string, string>? Arguments(string text)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Split('=', 2) is not [{ Length: > 0 } key, var value])
            {
                return null;
            }

            arguments[key] = value;
        }

        return arguments;
    }
}
