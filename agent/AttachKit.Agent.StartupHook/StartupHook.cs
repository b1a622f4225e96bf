using System.Reflection;
using AttachKit.Protocol;

/// <summary>
/// What the runtime runs when the attacher asks it to apply this assembly as a startup hook (the diagnostic
/// port's ApplyStartupHook): <see cref="Initialize"/>, on the runtime's diagnostic server thread, in a process
/// that is already running. It loads the agent from its own directory into a load context of its own
/// (<see cref="AgentLoadContext"/>), so that the app's own Serilog, Diagnostics client or anything else of
/// another version is neither used nor disturbed, and starts it. It answers in a result file beside itself.
/// Nothing here may throw: an exception on that thread ends the process. Nothing here uses a type of the
/// agent's assemblies either: this assembly is in the app's load context, where they are not.
/// </summary>
internal static class StartupHook
{
    private const string EntryType = "AttachKit.Agent.Injection.InjectedAgent";

    /// <summary>Called once per ApplyStartupHook.</summary>
    public static void Initialize()
    {
        string? directory = null;
        try
        {
            directory = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location);
            if (string.IsNullOrEmpty(directory))
            {
                return;
            }

            var result = Refusal() is { } refusal ? "refused " + refusal
                : Presence() is { } present ? "present " + present
                : Load(directory);
            Answer(directory, result);
        }
        catch (Exception e)
        {
            Answer(directory, "failed " + e.Message);
        }
    }

    // The app's own say, asked again here as the attacher asked it from outside: it may have changed its
    // environment since it started.
    private static string? Refusal()
    {
        if (IsSet(Environment.GetEnvironmentVariable(AgentInjection.AgentDisableVariable)))
        {
            return AgentInjection.AgentDisableVariable + " is set";
        }

        var reason = IsSet(Environment.GetEnvironmentVariable(AgentInjection.DisableVariable)) ? AgentInjection.DisableVariable + " is set"
            : AppContext.TryGetSwitch(AgentInjection.DisableProperty, out var off) && off ? AgentInjection.DisableProperty + " is true in its runtime configuration"
            : null;
        if (reason is not null)
        {
            Console.Error.WriteLine($"AttachKit agent not loaded into process {Environment.ProcessId}: the app forbids it ({reason})");
        }

        return reason;
    }

    // An agent already here, installed by the app or injected before, says so itself (through its own
    // logger) and stays the only one. An app whose agent predates that answer shows by its assembly.
    private static string? Presence()
    {
        if (AppContext.GetData(AgentInjection.PresenceKey) is Func<string, string> presence)
        {
            return presence("asked to load the agent again through the diagnostic port: it is here already, nothing was loaded");
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.FullName?.StartsWith("AttachKit.Agent,", StringComparison.Ordinal) == true)
            {
                return "installed";
            }
        }

        return null;
    }

    private static string Load(string directory)
    {
        var context = new AgentLoadContext(directory, typeof(StartupHook).Assembly.GetName().Name!);
        var start = context.Agent.GetType(EntryType, throwOnError: true)!.GetMethod("Start", BindingFlags.Public | BindingFlags.Static)!;
        return start.Invoke(null, [directory]) as string ?? "failed the agent gave no answer";
    }

    // One line, in a new file: the attacher reads it, then removes the directory.
    private static void Answer(string? directory, string result)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            using var file = new FileStream(Path.Combine(directory, AgentInjection.ResultFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            // Not ReplaceLineEndings, nor LINQ anywhere here: their first use in a process costs milliseconds and
            // megabytes (README, "Performance"), and this runs before the first attach's reply.
            var line = System.Text.Encoding.UTF8.GetBytes(result.Replace('\r', ' ').Replace('\n', ' ') + "\n");
            file.Write(line, 0, Math.Min(line.Length, AgentInjection.LongestResult));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The attacher then reports that the hook did not answer.
        }
    }

    private static bool IsSet(string? value) => value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
