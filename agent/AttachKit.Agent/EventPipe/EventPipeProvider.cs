namespace AttachKit.Agent.EventPipe;

/// <summary>The level of the events a provider is asked for (the values of System.Diagnostics.Tracing.EventLevel).</summary>
internal enum EventPipeLevel : uint
{
    LogAlways = 0,
    Critical = 1,
    Error = 2,
    Warning = 3,
    Informational = 4,
    Verbose = 5,
}

/// <summary>
/// A provider to turn on in an EventPipe session: its name, level, keywords (all bits: -1) and the
/// key=value arguments it is given (EventCounterIntervalSec, …).
/// </summary>
internal sealed record EventPipeProvider(string Name, EventPipeLevel Level, long Keywords = 0, IReadOnlyDictionary<string, string>? Arguments = null)
{
    /// <summary>
    /// The arguments as the runtime reads them, <c>key=value;key=value</c>, a key or value that holds ';' or
    /// '=' in double quotes (as the Diagnostics client library writes them); "" when there are none.
    /// </summary>
    public string ArgumentText()
        => Arguments is null ? "" : string.Join(';', Arguments.Select(argument => $"{Quoted(argument.Key)}={Quoted(argument.Value)}"));

    private static string Quoted(string text) => text.Contains(';', StringComparison.Ordinal) || text.Contains('=', StringComparison.Ordinal) ? $"\"{text}\"" : text;
}
