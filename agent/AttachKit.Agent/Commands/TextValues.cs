using System.Collections;
using System.Globalization;

namespace AttachKit.Agent.Commands;

/// <summary>Formats the plain values commands report as text for people; the counterpart of <see cref="JsonValues"/>.</summary>
internal static class TextValues
{
    public static string Format(object? value) => value switch
    {
        null => "-",
        string text => text,
        bool flag => flag ? "yes" : "no",
        double number => number.ToString("0.##", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture),
        ClockTime clock => clock.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        TimeSpan span => Durations.Format(span),
        IEnumerable<string> items => string.Join(' ', items),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
