using System.Globalization;

namespace AttachKit.Protocol;

/// <summary>Durations as commands take them in arguments: <c>500ms</c>, <c>1s</c>, <c>1.5s</c>, or a bare number of seconds.</summary>
internal static class DurationText
{
    /// <summary>Parses a duration; false when the text is not one, or not positive.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    /// <summary>Formats a duration so that <see cref="TryParse"/> reads it back: whole milliseconds.</summary>
    public static string Format(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(duration.TotalMilliseconds)}ms");
}
