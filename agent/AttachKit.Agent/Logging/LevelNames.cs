using Serilog.Events;

namespace AttachKit.Agent.Logging;

/// <summary>
/// Serilog's level names, read without regard to case, plus the names people bring from
/// Microsoft.Extensions.Logging and elsewhere (trace, info, warn, critical). Numbers are not levels:
/// <c>Enum.TryParse</c> would take "7" for a level that does not exist.
/// </summary>
internal static class LevelNames
{
    private static readonly Dictionary<string, LogEventLevel> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Verbose"] = LogEventLevel.Verbose,
        ["Debug"] = LogEventLevel.Debug,
        ["Information"] = LogEventLevel.Information,
        ["Warning"] = LogEventLevel.Warning,
        ["Error"] = LogEventLevel.Error,
        ["Fatal"] = LogEventLevel.Fatal,
        ["trace"] = LogEventLevel.Verbose,
        ["info"] = LogEventLevel.Information,
        ["warn"] = LogEventLevel.Warning,
        ["critical"] = LogEventLevel.Fatal,
    };

    /// <summary>The canonical names, lowest level first, for messages.</summary>
    public static string Valid { get; } = string.Join(", ", Enum.GetNames<LogEventLevel>());

    public static bool TryParse(string text, out LogEventLevel level) => Names.TryGetValue(text, out level);
}
