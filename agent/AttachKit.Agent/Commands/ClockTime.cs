namespace AttachKit.Agent.Commands;

/// <summary>A moment shown as a time of day in text (<c>14:03:07</c>, for rows), and in full (ISO 8601, UTC) in JSON.</summary>
internal readonly record struct ClockTime(DateTimeOffset Time)
{
    public static ClockTime Now => new(DateTimeOffset.Now);
}
