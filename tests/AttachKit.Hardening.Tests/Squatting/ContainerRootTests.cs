using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// Whatever the attacher reaches through /proc/&lt;pid&gt;/root must resolve inside that root: a target's
/// TMPDIR is its own to choose, and ".." must not climb out of its root into the host's.
/// </summary>
[Trait("Category", "Cli")]
public class ContainerRootTests
{
    // What the test below relies on: a chrooted target in its own mount namespace is reached through
    // /proc/<pid>/root, where its agent publishes in its own /tmp/<x>.
    [Fact]
    public async Task AChrootedTargetInAMountNamespaceOfItsOwnIsAttachedThroughItsRoot()
    {
        var name = "ak-" + Guid.NewGuid().ToString("N")[..10];
        var environment = new Dictionary<string, string> { ["TMPDIR"] = $"/tmp/{name}" };
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { InOwnRoot = true, Environment = environment });

        var result = await CliProcess.RunAsync([target.Text(), "version", "--timeout", "5"], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains($"Pid:          {target.Pid}\n", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists($"/proc/{target.Pid}/root/tmp/{name}/.attach_pid{target.Pid}"));
        Assert.False(Directory.Exists($"/tmp/{name}"));
    }

    // The target runs chrooted, in a mount namespace of its own (so that the attacher goes through
    // /proc/<pid>/root), with TMPDIR=/../../../../tmp/<x>: inside its root that is its own /tmp/<x>,
    // where its agent binds. Joined naively to /proc/<pid>/root, the dot-dots climb out of that root to
    // the host's /tmp/<x>, where nobody listens at the agent's name.
    [Fact]
    public async Task ATmpdirThatClimbsOutOfAChrootedTargetsRootIsResolvedInsideIt()
    {
        using var host = ScratchDirectory.Create();
        Directories.MakeSticky(host.Path);
        var name = Path.GetFileName(host.Path);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = $"/../../../../tmp/{name}" };
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { InOwnRoot = true, Environment = environment });
        Assert.True(Directory.Exists($"/proc/{target.Pid}/root/tmp/{name}"), "the target's TMPDIR is not inside its own root");
        Assert.NotEqual(new FileInfo("/proc/self/ns/mnt").LinkTarget, new FileInfo($"/proc/{target.Pid}/ns/mnt").LinkTarget);
        using var squatter = await Squatter.ListenAsync(AttachSocket.PathIn(host.Path, target.Pid));

        var result = await CliProcess.RunAsync([target.Text(), "version", "--timeout", "5"], TimeSpan.FromSeconds(30));

        Assert.True(await squatter.BytesReceivedAsync() == 0, $"the host's squatter was sent the request:\n{squatter.Output}\n{result}");
        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains($"Pid:          {target.Pid}\n", result.Stdout, StringComparison.Ordinal);
    }
}
