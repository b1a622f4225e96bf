using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

/// <summary>
/// Targets in a rootless container: uid 1001 on the host, mapped to root inside its own user, pid and
/// mount namespaces, with a tmpfs of its own on its TMPDIR (what rootless podman and pods with
/// <c>hostUsers: false</c> give). The host's root is not mapped in there: the target sees it as 65534.
/// </summary>
[Trait("Category", "Cli")]
public class RootlessContainerTests
{
    private const string ContainerUser = "1001";

    private static readonly TargetOptions Rootless = new() { User = ContainerUser, InOwnNamespaces = true, InOwnUserNamespace = true };

    [Fact]
    public async Task RootOnTheHostAttachesToADotnetTargetInAUserNamespaceAsTheTargetsOwnUser()
    {
        using var target = await TargetApp.StartAsync("agent", [], Rootless);

        var result = await CliProcess.RunAsync(Pid(target), "version");

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Pid:          1\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Uid:          0\n", result.Stdout, StringComparison.Ordinal);

        // The agent saw its own root, not the overflow uid the host's root would be in there.
        Assert.Contains("uid 0: version -> 0 ok", await target.WaitForLogAsync("version -> 0 ok"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListShowsAContainerTargetWithItsNamespacePidAndUserNamespace()
    {
        using var target = await TargetApp.StartAsync("agent", [], Rootless);

        var result = await CliProcess.RunAsync("list", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var row = json.RootElement.GetProperty("processes").EnumerateArray().Single(process => process.GetProperty("pid").GetInt32() == target.Pid);
        Assert.Equal(1, row.GetProperty("namespacePid").GetInt32());
        Assert.Equal(1001, row.GetProperty("uid").GetInt32());
        Assert.True(row.GetProperty("otherUserNamespace").GetBoolean());
        var text = await CliProcess.RunAsync("list");
        Assert.Contains("1001 (userns)", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromInsideTheContainerItsRootAttachesAsThePlainOwner()
    {
        using var target = await TargetApp.StartAsync("agent", [], Rootless);

        var result = await ProcessRunner.RunAsync(
            ["nsenter", "--target", Pid(target), "--user", "--pid", "--mount", .. Artifacts.Cli, "1", "version"],
            environment: new Dictionary<string, string> { ["HOME"] = "/tmp" },
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Pid:          1\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASidecarSharingOnlyThePidNamespaceAttachesByTheContainersPid()
    {
        // As a Kubernetes pod with shareProcessNamespace: the tool's container sees the app's processes
        // (with a /proc of that pid namespace) but has a file system of its own and the host's root.
        using var target = await TargetApp.StartAsync("agent", [], Rootless);

        var result = await ProcessRunner.RunAsync(
            ["nsenter", "--target", Pid(target), "--pid", "unshare", "--mount", "--mount-proc", "--fork", .. Artifacts.Cli, "1", "version"],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Pid:          1\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootOnTheHostAttachesToAJvmInAUserNamespace()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { User = ContainerUser, InOwnNamespaces = true, InOwnUserNamespace = true });

        var result = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "properties");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("java.specification.version=", result.Stdout, StringComparison.Ordinal);
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AnotherUserWhoCannotTakeTheTargetsIdsIsToldWhy()
    {
        using var target = await TargetApp.StartAsync("agent", [], Rootless);
        using var scratch = ScratchDirectory.Create();
        File.SetUnixFileMode(scratch.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var cli = CliProcess.CopyTo(scratch.Path);

        var result = await OtherUser.RunAsNobodyAsync([.. cli, Pid(target), "version"]);

        Assert.True(result.ExitCode == 5, result.ToString()); // permission denied
        Assert.Contains($"process {target.Pid}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("root", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
