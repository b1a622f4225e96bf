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
    public async Task NeitherEnvNorVersionShowsTheSecretsOfTheTargetsEnvironmentOrCommandLine()
    {
        string[] secrets = ["smtp-hunter2", "sentrykey123", "ks-changeit", "blob-sig-value", "p@ss", "ss/word", "arg-db-secret", "arg-token-secret"];
        var options = new TargetOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["SMTP_PASS"] = "smtp-hunter2",
                ["SENTRY_DSN"] = "https://sentrykey123@o0.ingest.sentry.io/42",
                ["JAVA_OPTS"] = "-Xmx1g -Djavax.net.ssl.keyStorePassword=ks-changeit -Dfoo=bar",
                ["BLOB_URL"] = "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig=blob-sig-value",
                ["DATABASE_URL"] = "postgres://app:p@ss/word@db:5432/orders",
            },
        };
        string[] appArguments = ["--db-password=arg-db-secret", "--api-token", "arg-token-secret", "--db", "postgres://app:p@ss/word@db:5432/orders", "--port", "80"];
        using var target = await TargetApp.StartAsync("runtime", ["--", .. appArguments], options);

        var envText = await Attach.RunAsync(target, "env");
        var envJson = await Attach.JsonAsync(target, "env");
        var versionText = await Attach.RunAsync(target, "version");
        var versionJson = await Attach.JsonAsync(target, "version");

        Assert.True(envText.ExitCode == 0, envText.ToString());
        Assert.True(versionText.ExitCode == 0, versionText.ToString());
        var replies = string.Join("\n", envText.Stdout, envJson.GetRawText(), versionText.Stdout, versionJson.GetRawText());
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, replies, StringComparison.Ordinal));
        var values = Variables(envJson);
        Assert.Equal("<redacted>", values["SMTP_PASS"]);
        Assert.Equal("<redacted>", values["SENTRY_DSN"]);
        Assert.Equal("-Xmx1g -Djavax.net.ssl.keyStorePassword=<redacted> -Dfoo=bar", values["JAVA_OPTS"]);
        Assert.Equal("https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig=<redacted>", values["BLOB_URL"]);
        Assert.Equal("postgres://app:<redacted>@db:5432/orders", values["DATABASE_URL"]);
        Assert.True(envJson.GetProperty("redactedCount").GetInt32() >= 5);
        string[] shownArguments = ["--db-password=<redacted>", "--api-token", "<redacted>", "--db", "postgres://app:<redacted>@db:5432/orders", "--port", "80"];
        var commandLine = versionJson.GetProperty("commandLine").EnumerateArray().Select(argument => argument.GetString()).ToList();
        Assert.Equal(shownArguments, commandLine.TakeLast(shownArguments.Length));
        Assert.Contains("AttachKit.TestTarget.dll", commandLine[1], StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', shownArguments), versionText.Stdout, StringComparison.Ordinal);
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
