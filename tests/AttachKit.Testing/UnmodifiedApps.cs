using System.Text.Json.Nodes;

namespace AttachKit.Testing;

/// <summary>Starts the apps of tests/ that know nothing of AttachKit (<see cref="Artifacts.UnmodifiedApp"/>), and copies of them with another runtime configuration.</summary>
public static class UnmodifiedApps
{
    public const string Console = "AttachKit.PlainApp";
    public const string Serilog = "AttachKit.SerilogApp";
    public const string Web = "AttachKit.PlainWebApp";

    /// <summary>Starts <paramref name="name"/> as a plain app starts: SIGQUIT not ignored (unless <paramref name="options"/> say so), its own TMPDIR.</summary>
    public static Task<TargetApp> StartAsync(string name, TargetOptions? options = null, string? program = null)
        => TargetApp.StartAsync(name, [], (options ?? new TargetOptions { IgnoreQuit = false }) with { Program = program ?? Artifacts.UnmodifiedApp(name) });

    /// <summary>
    /// A copy of app <paramref name="name"/> in <paramref name="directory"/> whose runtimeconfig.json has
    /// <paramref name="property"/> set to <paramref name="value"/> among its configProperties; returns its entry assembly.
    /// </summary>
    public static string CopyWithProperty(string name, string directory, string property, bool value)
    {
        var source = Path.GetDirectoryName(Artifacts.UnmodifiedApp(name))!;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        var config = Path.Combine(directory, name + ".runtimeconfig.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        var options = json["runtimeOptions"]!.AsObject();
        if (options["configProperties"] is not JsonObject properties)
        {
            properties = [];
            options["configProperties"] = properties;
        }

        properties[property] = value;
        File.WriteAllText(config, json.ToJsonString());
        return Path.Combine(directory, name + ".dll");
    }
}
