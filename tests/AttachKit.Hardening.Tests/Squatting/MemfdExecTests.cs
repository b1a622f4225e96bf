using System.Text.RegularExpressions;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// The native CLI runs its embedded trace-parsing image from a memfd (<c>threads</c>). Where the kernel
/// makes memfds non-executable unless asked (<c>vm.memfd_noexec = 1</c>) it must ask (MFD_EXEC); where it
/// refuses them (2) it must say so, naming the sysctl's actual value. The sysctl belongs to a pid
/// namespace: each test sets it in a new one, pid 1 of which (a shell) is what the CLI is pointed at.
/// Only the native CLI uses a memfd: in the run against <c>dotnet attachkit.dll</c> these tests return at
/// once and pass without testing anything; tests/run.sh runs them again against the native binary. So do
/// they on a kernel without the sysctl (before Linux 6.3), where memfds are always executable.
/// </summary>
[Trait("Category", "Cli")]
public partial class MemfdExecTests
{
    private const string Sysctl = "/proc/sys/vm/memfd_noexec";

    [Fact]
    public async Task WhereMemfdsAreNotExecutableUnlessAskedTheNativeCliGetsPastItsImage()
    {
        if (!Artifacts.CliIsNative || !File.Exists(Sysctl))
        {
            return;
        }

        var result = await ThreadsWhereMemfdNoexecIsAsync(1);

        // Past the exec, the image finds that pid 1 (a shell) has no agent: not signalled.
        Assert.True(result.ExitCode == ExitCodes.NoAgent, result.ToString());
    }

    [Fact]
    public async Task WhereMemfdsMayNotBeExecutedTheNativeCliSaysWhichSysctlAndItsValue()
    {
        if (!Artifacts.CliIsNative || !File.Exists(Sysctl))
        {
            return;
        }

        var result = await ThreadsWhereMemfdNoexecIsAsync(2);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Matches(SysctlIsTwo(), result.Stderr);
    }

    // `attachkit 1 threads` in a new pid namespace whose vm.memfd_noexec is <value>; the host's stays as it
    // was. The shell waits for the CLI (no exec of its last command: "; exit"), so that pid 1 stays the shell.
    private static async Task<RunResult> ThreadsWhereMemfdNoexecIsAsync(int value)
    {
        var host = File.ReadAllText(Sysctl);
        var result = await ProcessRunner.RunAsync(
            ["unshare", "--pid", "--fork", "--mount-proc", "/bin/sh", "-c", $"echo {value} > {Sysctl} && echo \"memfd_noexec=$(cat {Sysctl})\" && \"$@\"; exit $?", "sh", .. Artifacts.Cli, "1", "threads"],
            timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(host, File.ReadAllText(Sysctl));
        Assert.True(result.Stdout.StartsWith($"memfd_noexec={value}\n", StringComparison.Ordinal), $"the sysctl was not set in the new pid namespace: {result}");
        return result;
    }

    [GeneratedRegex(@"vm\.memfd_noexec[^0-9\n]{0,12}2\b")]
    private static partial Regex SysctlIsTwo();
}
