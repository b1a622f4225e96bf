using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

[Trait("Category", "Cli")]
public class ContainerTests
{
    [Fact]
    public async Task ATargetInItsOwnPidAndMountNamespacesIsAttachedFromTheHost()
    {
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { InOwnNamespaces = true });
        Assert.Contains("ready 1", target.Output, StringComparison.Ordinal);

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Pid:          1\n", result.Stdout, StringComparison.Ordinal);

        // Its tmpfs TMPDIR is its own: the host's directory of that name stays empty.
        Assert.Empty(Directory.GetFileSystemEntries(target.SocketDirectory));
    }

    [Fact]
    public async Task ATargetInItsOwnNamespacesIsAttachedFromInsideThem()
    {
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { InOwnNamespaces = true });

        var result = await ProcessRunner.RunAsync(
            ["nsenter", "--target", target.Text(), "--pid", "--mount", .. Artifacts.Cli, "1", "help"],
            timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Commands of the AttachKit agent in process 1:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASocketPathLongerThanASocketAddressHoldsIsPublishedAndReached()
    {
        var deep = string.Join('/', Enumerable.Repeat(new string('d', 40), 3));
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { TmpSubdirectory = deep });
        Assert.True(target.SocketPath.Length > 108, target.SocketPath);

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.True(File.Exists(target.SocketPath));
        Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(target.SocketPath), 8));
    }

    [Fact]
    public async Task RootIsServedByAnotherUsersProcess()
    {
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { User = "nobody" });
        Assert.Contains("Uid:\t65534", File.ReadAllText($"/proc/{target.Pid}/status"), StringComparison.Ordinal);

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Uid:          65534", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(65534, (int)new Mono.Unix.UnixFileInfo(target.SocketPath).OwnerUserId);
        Assert.Contains("uid 0: version -> 0 ok", await target.WaitForLogAsync("uid 0: version -> 0 ok"), StringComparison.Ordinal);
    }
}
