using System.Globalization;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

/// <summary>
/// Runs <c>attachkit &lt;pid&gt; threads …</c> as a process and reads its JSON. The CLI keeps its
/// method maps in the target's scratch directory (XDG_CACHE_HOME), not in the user's home.
/// </summary>
internal static class ThreadDumpCli
{
    public static async Task<RunResult> RunAsync(TargetApp target, params string[] arguments)
        => await CliProcess.RunAsync([target.Pid.ToString(CultureInfo.InvariantCulture), "threads", .. arguments], TimeSpan.FromSeconds(60), Environment(target));

    public static Dictionary<string, string> Environment(TargetApp target) => new() { ["XDG_CACHE_HOME"] = CacheHome(target) };

    /// <summary>Where the CLI keeps the target's method map (under its scratch directory).</summary>
    public static string CacheHome(TargetApp target) => Path.Combine(target.Scratch.Path, "cache");

    /// <summary>The dump as JSON (asserting success).</summary>
    public static async Task<JsonElement> JsonAsync(TargetApp target, params string[] arguments)
    {
        var result = await RunAsync(target, [.. arguments, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public static IEnumerable<JsonElement> Threads(this JsonElement dump) => dump.GetProperty("threads").EnumerateArray();

    public static JsonElement Named(this JsonElement dump, string name) => dump.Threads().Single(thread => thread.GetProperty("name").GetString() == name);

    public static IReadOnlyList<string> Frames(this JsonElement thread) => thread.GetProperty("frames").EnumerateArray().Select(frame => frame.GetString()!).ToList();
}
