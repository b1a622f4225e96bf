using AttachKit.Testing;
using Mono.Unix.Native;

namespace AttachKit.Agent.Tests;

[Trait("Category", "Cli")]
public class InstallTests
{
    [Fact]
    public async Task SigQuitOnAnAppStartedWithQuitIgnoredKeepsItAliveAndPublishesAnOwnerOnlySocket()
    {
        using var target = await TargetApp.StartAsync("agent");
        Assert.Contains("SigIgn", File.ReadAllText($"/proc/{target.Pid}/status"), StringComparison.Ordinal);

        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        await Task.Delay(200);

        Assert.False(target.HasExited, target.Log);
        Assert.Equal(0, Syscall.lstat(target.SocketPath, out var stat));
        Assert.Equal(FilePermissions.S_IFSOCK, stat.st_mode & FilePermissions.S_IFMT);
        Assert.Equal("600", Convert.ToString((int)stat.st_mode & 0x1FF, 8));
        Assert.Equal(Syscall.geteuid(), stat.st_uid);
    }

    [Fact]
    public async Task InstallingCreatesNoThreadDescriptorOrFileOfItsOwn()
    {
        using var target = await TargetApp.StartAsync("agent-probe");
        var before = Snapshot.Parse(target.Output, "before: ");
        var after = Snapshot.Parse(target.Output, "after: ");

        // Registering a signal handler starts the runtime's own dispatch thread and its pipe: allowed.
        // (The thread names itself once it runs, so its name is read now, not from the snapshot.)
        var newThreads = after.Threads.Except(before.Threads)
            .Select(tid => File.ReadAllText($"/proc/{target.Pid}/task/{tid}/comm").Trim())
            .Where(name => !RuntimeThreads.ComeAndGo(name));
        Assert.Equal([".NET SigHandler"], newThreads);
        var newDescriptors = after.Descriptors.Except(before.Descriptors).ToList();
        var notAssemblies = newDescriptors.Where(target => !target.EndsWith(".dll", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(notAssemblies.Count <= 1 && notAssemblies.All(t => t.StartsWith("pipe:", StringComparison.Ordinal)), string.Join(", ", notAssemblies));
        Assert.DoesNotContain(newDescriptors, t => t.StartsWith("socket:", StringComparison.Ordinal));
        Assert.Empty(target.Scratch.AttachEntries());
    }

    [Fact]
    public async Task InstallingTwiceStillGivesOneListener()
    {
        using var target = await TargetApp.StartAsync("agent-twice");

        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(target.ThreadNames(), name => name == "attach-listener");
    }

    [Fact]
    public async Task TheDisableVariableMakesInstallANoOpWithOneLogLine()
    {
        var options = new TargetOptions { Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } };
        using var target = await TargetApp.StartAsync("agent", [], options);

        Assert.Contains("AttachKit agent disabled", target.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("attach-listener", target.ThreadNames());
        Assert.Empty(target.Scratch.AttachEntries());
    }

    [Theory]
    [InlineData("option")]
    [InlineData("environment")]
    public async Task ADisabledAgentStillKeepsSigquitFromKillingTheApp(string how)
    {
        var options = how == "environment"
            ? new TargetOptions { Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } }
            : new TargetOptions();
        using var target = await TargetApp.StartAsync("agent", how == "option" ? ["disabled"] : [], options);

        target.Signal("QUIT");
        await Task.Delay(500);

        Assert.False(target.HasExited, target.Log);
        Assert.Empty(target.Scratch.AttachEntries());
        Assert.Single(target.Log.Split('\n'), line => line.Contains("AttachKit agent disabled", StringComparison.Ordinal));
    }

    private sealed record Snapshot(IReadOnlyList<string> Threads, IReadOnlyList<string> Descriptors)
    {
        // "before: threads=[tid:name,…] fds=[n>target,…]" as the agent-probe scenario prints it; threads by tid.
        public static Snapshot Parse(string output, string prefix)
        {
            var line = output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            var threads = Between(line, "threads=[", "] fds=").Select(t => t.Split(':', 2)[0]).ToList();
            var descriptors = Between(line, "fds=[", "]").Select(d => d.Split('>', 2)[1]).ToList();
            return new Snapshot(threads, descriptors);
        }

        private static string[] Between(string line, string start, string end)
        {
            var from = line.IndexOf(start, StringComparison.Ordinal) + start.Length;
            var to = line.IndexOf(end, from, StringComparison.Ordinal);
            return line[from..to].Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
