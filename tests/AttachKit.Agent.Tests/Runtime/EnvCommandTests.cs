using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class EnvCommandTests
{
    private static readonly TargetOptions WithSecrets = new()
    {
        Environment = new Dictionary<string, string>
        {
            ["DB_PASSWORD"] = "hunter2",
            ["DATABASE_URL"] = "postgres://app:s3cret@db.internal:5432/orders",
            ["HOME"] = "/home/attachkit-test",
        },
    };

    [Fact]
    public async Task EnvRedactsSecretsAndShowsTheRest()
    {
        using var target = await TargetApp.StartAsync("runtime", [], WithSecrets);

        var text = await Attach.RunAsync(target, "env");
        var json = await Attach.JsonAsync(target, "env");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"(?m)^  DB_PASSWORD +<redacted>$", text.Stdout);
        Assert.Matches(@"(?m)^  HOME +/home/attachkit-test$", text.Stdout);
        Assert.DoesNotContain("hunter2", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text.Stdout, StringComparison.Ordinal);
        var values = Variables(json);
        Assert.Equal("<redacted>", values["DB_PASSWORD"]);
        Assert.Equal("postgres://app:<redacted>@db.internal:5432/orders", values["DATABASE_URL"]);
        Assert.Equal("/home/attachkit-test", values["HOME"]);
        Assert.True(json.GetProperty("redactedCount").GetInt32() >= 2);
    }

    [Fact]
    public async Task UnredactedEnvNeedsTheAppsPermission()
    {
        using var refusing = await TargetApp.StartAsync("runtime", [], WithSecrets);
        using var allowing = await TargetApp.StartAsync("runtime", ["allow-unredacted"], WithSecrets);

        var refused = await Attach.RunAsync(refusing, "env", "--unredacted");
        var shown = await Attach.JsonAsync(allowing, "env", "--unredacted");

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("AllowUnredactedEnvironment", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("hunter2", Variables(shown)["DB_PASSWORD"]);
    }

    private static Dictionary<string, string?> Variables(JsonElement env) => env.GetProperty("variables").EnumerateArray()
        .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable.GetProperty("value").GetString());
}
