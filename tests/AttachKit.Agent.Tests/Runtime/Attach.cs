using System.Globalization;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

/// <summary>The real CLI against a target, by its pid: the way an operator runs it.</summary>
internal static class Attach
{
    public static Task<RunResult> RunAsync(TargetApp target, params string[] arguments)
        => CliProcess.RunAsync([Pid(target), .. arguments]);

    public static Task<RunResult> RunInAsync(string workingDirectory, TargetApp target, params string[] arguments)
        => CliProcess.RunInAsync(workingDirectory, [Pid(target), .. arguments]);

    /// <summary>Runs a command with --json, insists that it succeeded, and returns its document.</summary>
    public static async Task<JsonElement> JsonAsync(TargetApp target, params string[] arguments)
    {
        var result = await RunAsync(target, [.. arguments, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
