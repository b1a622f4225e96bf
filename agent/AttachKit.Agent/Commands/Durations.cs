using System.Globalization;

namespace AttachKit.Agent.Commands;

/// <summary>Durations for people: <c>3d 04h 05m 06s</c>, <c>5m 06s</c>, <c>6.2s</c>, <c>12.3 ms</c>; and parsed from <c>30s</c>, <c>500ms</c>, <c>2m</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours:00}h {span.Minutes:00}m {span.Seconds:00}s"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes:00}m {span.Seconds:00}s"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s"),
        { TotalSeconds: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s"),
        { TotalMilliseconds: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.000} ms"),
    };

    /// <summary>Parses a non-negative number with an optional unit: <c>ms</c>, <c>s</c> (the default), <c>m</c> or <c>h</c>.</summary>
    public static TimeSpan? Parse(string text)
    {
        var unit = text.TrimStart("0123456789.".ToCharArray());
        var number = text[..^unit.Length];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        double? seconds = unit switch
        {
            "ms" => value / 1000,
            "" or "s" => value,
            "m" or "min" => value * 60,
            "h" => value * 3600,
            _ => null,
        };
        return seconds is { } s && s < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(s) : null;
    }
}
