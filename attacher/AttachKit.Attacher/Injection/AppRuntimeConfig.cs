using System.Text.Json;

namespace AttachKit.Attacher.Injection;

/// <summary>
/// What an app's <c>&lt;app&gt;.runtimeconfig.json</c> says that decides an injection: whether startup hooks
/// are switched off (<c>System.StartupHookProvider.IsSupported</c>), whether the app forbids AttachKit's
/// (<see cref="Protocol.AgentInjection.DisableProperty"/>), and the runtime a self-contained app carries. The
/// file is found beside the app (<c>dotnet App.dll</c>: App.runtimeconfig.json; an apphost App:
/// App.runtimeconfig.json beside it) and read inside the target's root, never through a final symlink, and
/// only so far: it is the target's, and hostile input.
/// </summary>
internal sealed record AppRuntimeConfig(bool? StartupHooksSupported, bool ForbidsInjection, Version? IncludedRuntime)
{
    private const int LongestFile = 1 << 20;
    private const string StartupHookSwitch = "System.StartupHookProvider.IsSupported";

    // The dotnet host's options that take a value, before the app's assembly (dotnet --help).
    private static readonly HashSet<string> HostOptionsWithValue =
        ["--additionalprobingpath", "--additional-deps", "--depsfile", "--fx-version", "--roll-forward", "--runtimeconfig"];

    /// <summary>What the target's runtimeconfig.json says; null when it has none that can be read.</summary>
    public static AppRuntimeConfig? Read(TargetProcess target)
    {
        try
        {
            if (PathOf(target) is not { } path || Path.GetDirectoryName(path) is not { Length: > 0 } directory)
            {
                return null;
            }

            using var folder = target.OpenDirectory(directory);
            using var file = folder.OpenRegularForReading(Path.GetFileName(path));
            return file is null ? null : Parse(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the parts that matter of a runtimeconfig.json's text.</summary>
    /// <exception cref="JsonException">Not JSON, or longer than a runtime configuration is.</exception>
    public static AppRuntimeConfig Parse(Stream json)
    {
        var bytes = new byte[LongestFile + 1];
        var length = 0;
        for (int read; length < bytes.Length && (read = json.Read(bytes, length, bytes.Length - length)) > 0;)
        {
            length += read;
        }

        if (length > LongestFile)
        {
            throw new JsonException("runtimeconfig.json is longer than 1 MiB");
        }

        using var document = JsonDocument.Parse(bytes.AsMemory(0, length), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("runtimeOptions", out var options) || options.ValueKind != JsonValueKind.Object)
        {
            return new AppRuntimeConfig(null, false, null);
        }

        var properties = options.TryGetProperty("configProperties", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
        return new AppRuntimeConfig(
            Flag(properties, StartupHookSwitch),
            Flag(properties, Protocol.AgentInjection.DisableProperty) == true,
            IncludedRuntimeOf(options));
    }

    // Where the file is, as the target sees it: beside the assembly `dotnet` was given, or beside the apphost.
    private static string? PathOf(TargetProcess target)
    {
        var commandLine = target.CommandLine();
        var program = new FileInfo(Path.Combine(target.ProcDirectory, "exe")).LinkTarget;
        if (program is null || commandLine.Count == 0)
        {
            return null;
        }

        if (Path.GetFileName(program) != "dotnet")
        {
            return program + ".runtimeconfig.json";
        }

        for (var i = 1; i < commandLine.Count; i++)
        {
            var argument = commandLine[i];
            if (argument == "--runtimeconfig" && i + 1 < commandLine.Count)
            {
                return Absolute(target, commandLine[i + 1]);
            }

            if (HostOptionsWithValue.Contains(argument))
            {
                i++;
            }
            else if (argument != "exec" && !argument.StartsWith('-'))
            {
                return argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    ? Absolute(target, argument[..^".dll".Length] + ".runtimeconfig.json")
                    : null;
            }
        }

        return null;
    }

    // A relative path is the target's working directory's.
    private static string? Absolute(TargetProcess target, string path)
        => path.StartsWith('/') ? path
            : new FileInfo(Path.Combine(target.ProcDirectory, "cwd")).LinkTarget is { } cwd ? Path.Combine(cwd, path)
            : null;

    private static bool? Flag(JsonElement properties, string name)
    {
        if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => null,
        };
    }

    // A self-contained app names the runtime it carries: includedFrameworks[].version of Microsoft.NETCore.App.
    private static Version? IncludedRuntimeOf(JsonElement options)
    {
        if (!options.TryGetProperty("includedFrameworks", out var frameworks) || frameworks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var framework in frameworks.EnumerateArray())
        {
            if (framework.ValueKind == JsonValueKind.Object
                && framework.TryGetProperty("name", out var name) && name.ValueEquals("Microsoft.NETCore.App")
                && framework.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
            {
                return RuntimeVersion.Parse(version.GetString());
            }
        }

        return null;
    }
}
