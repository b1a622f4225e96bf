using System.Globalization;

namespace AttachKit.Agent.Commands;

/// <summary>Durations for people: <c>3d 04h 05m 06s</c>, <c>5m 06s</c>, <c>6.2s</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours:00}h {span.Minutes:00}m {span.Seconds:00}s"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes:00}m {span.Seconds:00}s"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s"),
    };
}
