using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

/// <summary>
/// A target as a locked-down container runs it: a user of its own (uid 1001), no capabilities,
/// no_new_privs, ptrace(2) denied by a seccomp filter, its root file system read-only with only a tmpfs
/// TMPDIR, in pid and mount namespaces of its own. Everything that needs none of those works; a heap dump,
/// which the runtime's dump writer takes by ptrace, says what to grant.
/// </summary>
[Trait("Category", "Cli")]
public class RestrictedTargetTests
{
    private static readonly TargetOptions LockedDown = new() { User = "1001", InOwnNamespaces = true, Restricted = true };

    [Theory]
    [InlineData("version")]
    [InlineData("env")]
    [InlineData("fds")]
    [InlineData("heap")]
    [InlineData("threadpool")]
    [InlineData("assemblies")]
    [InlineData("threads")]
    [InlineData("counters", "--count", "1")]
    public async Task ACommandThatNeedsNoPtraceWorksInALockedDownTarget(string command, params string[] arguments)
    {
        using var target = await TargetApp.StartAsync("agent", [], LockedDown);
        AssertLockedDown(target);

        var result = await CliProcess.RunAsync([target.Pid.ToString(CultureInfo.InvariantCulture), command, .. arguments], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.NotEmpty(result.Stdout);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task AHeapDumpOfALockedDownTargetSaysWhichCapabilityToGrant()
    {
        using var target = await TargetApp.StartAsync("agent", [], LockedDown);
        using var output = ScratchDirectory.Create();

        var result = await CliProcess.RunAsync([target.Pid.ToString(CultureInfo.InvariantCulture), "heap-dump", "-o", Path.Combine(output.Path, "app.dmp")], TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 6, result.ToString() + target.Log); // the command failed in the target
        Assert.Contains("SYS_PTRACE", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("seccomp", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
        Assert.False(target.HasExited);
    }

    // The setting itself, read back from the kernel: a test that passes because the lock-down failed would prove nothing.
    private static void AssertLockedDown(TargetApp target)
    {
        var status = File.ReadAllText($"/proc/{target.Pid}/status");
        Assert.Contains("NoNewPrivs:\t1", status, StringComparison.Ordinal);
        Assert.Contains("Seccomp:\t2", status, StringComparison.Ordinal);
        Assert.Contains("CapEff:\t0000000000000000", status, StringComparison.Ordinal);
        Assert.Contains("CapBnd:\t0000000000000000", status, StringComparison.Ordinal);
        var root = File.ReadAllLines($"/proc/{target.Pid}/mountinfo").Select(line => line.Split(' ')).First(fields => fields[4] == "/");
        Assert.StartsWith("ro", root[5], StringComparison.Ordinal);
    }
}
