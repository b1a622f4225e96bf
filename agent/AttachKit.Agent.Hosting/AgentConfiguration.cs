using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace AttachKit.Agent.Hosting;

/// <summary>
/// Reads agent options from the configuration section <c>AttachKit</c> (appsettings.json,
/// environment variables such as <c>AttachKit__Disabled=true</c>, the command line). Read by hand,
/// not bound by reflection, so that each value gets a precise error and an unknown key (a misspelt
/// <c>Disabled</c> would otherwise leave the agent on) stops the host at start.
/// </summary>
internal static class AgentConfiguration
{
    public const string SectionName = "AttachKit";

    private static readonly string[] Keys = ["Disabled", "DisabledCommands", "SocketDirectory", "CommandTimeout", "MaxConnections", "TriggerSignal"];

    /// <summary>Sets the options the section names; keys it does not have leave the options as they are.</summary>
    /// <exception cref="InvalidOperationException">An unknown key, or a value that is not valid for its key.</exception>
    public static void Apply(IConfigurationSection section, AttachAgentOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid(child, $"is not an AttachKit setting; known: {string.Join(", ", Keys)}");
            }
        }

        if (section.GetSection("Disabled") is { Value: { } disabled } disabledKey)
        {
            options.Disabled = bool.TryParse(disabled, out var value) ? value : throw Invalid(disabledKey, "is not true or false");
        }

        foreach (var name in CommandList(section.GetSection("DisabledCommands")))
        {
            options.DisabledCommands.Add(name);
        }

        if (section.GetSection("SocketDirectory") is { Value: { Length: > 0 } directory })
        {
            options.SocketDirectory = directory;
        }

        if (section.GetSection("CommandTimeout") is { Value: { } timeout } timeoutKey)
        {
            options.CommandTimeout = Duration(timeout) is { } span && span > TimeSpan.Zero
                ? span
                : throw Invalid(timeoutKey, "is not a positive duration (seconds such as 30, or hh:mm:ss)");
        }

        if (section.GetSection("MaxConnections") is { Value: { } connections } connectionsKey)
        {
            options.MaxConnections = int.TryParse(connections, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw Invalid(connectionsKey, "is not a positive whole number");
        }

        if (section.GetSection("TriggerSignal") is { Value: { } signal } signalKey)
        {
            options.TriggerSignal = Signal(signal) ?? throw Invalid(signalKey, "is not a signal (QUIT, USR1, USR2, or a number)");
        }
    }

    // An array (DisabledCommands:0, DisabledCommands:1, as appsettings.json writes it) or one
    // comma-separated value (handier in an environment variable).
    private static IEnumerable<string> CommandList(IConfigurationSection section)
    {
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(child => child.Value ?? "");
        return values.Select(value => value.Trim()).Where(value => value.Length > 0);
    }

    // A plain number is seconds: TimeSpan.Parse would read "30" as thirty days.
    private static TimeSpan? Duration(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    private static PosixSignal? Signal(string text)
    {
        var name = text.Trim().ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        return name switch
        {
            "QUIT" => PosixSignal.SIGQUIT,
            "HUP" => PosixSignal.SIGHUP,
            "INT" => PosixSignal.SIGINT,
            "TERM" => PosixSignal.SIGTERM,

            // signal(7), x86-64 and arm64 numbering; PosixSignal takes raw numbers for the rest.
            "USR1" => (PosixSignal)10,
            "USR2" => (PosixSignal)12,
            _ when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65 => (PosixSignal)number,
            _ => null,
        };
    }

    private static InvalidOperationException Invalid(IConfigurationSection key, string problem)
        => new($"configuration {key.Path} = '{key.Value}' {problem}");
}
