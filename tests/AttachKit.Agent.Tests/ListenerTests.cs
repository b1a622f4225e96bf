using AttachKit.Testing;
using Mono.Unix.Native;

namespace AttachKit.Agent.Tests;

[Trait("Category", "Cli")]
public class ListenerTests
{
    [Fact]
    public async Task AHundredSignalsInABurstLeaveOneListener()
    {
        using var target = await TargetApp.StartAsync("agent");

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(0, Syscall.kill(target.Pid, Signum.SIGQUIT));
        }

        await target.WaitForSocketAsync();
        await Task.Delay(500);

        // The "listening" line is logged after the first reply or by the agent ≈ 250 ms after publishing.
        await target.WaitForLogAsync("listening on");

        Assert.False(target.HasExited);
        Assert.Equal([Path.GetFileName(target.SocketPath)], target.Scratch.AttachEntries());
        Assert.Single(target.ThreadNames(), name => name == "attach-listener");
        Assert.Single(target.Log.Split('\n'), line => line.Contains("listening on", StringComparison.Ordinal));
        Assert.Equal(0, (await CliProcess.RunAsync(target.Text(), "version")).ExitCode);
    }

    [Fact]
    public async Task AttachingLoadsNoSocketLibraryAndStartsNoSocketThreadInTheTarget()
    {
        using var target = await TargetApp.StartAsync("agent");
        var result = await CliProcess.RunAsync(target.Text(), "version");
        Assert.True(result.ExitCode == 0, result.ToString());

        // System.Net.Sockets' first socket would have cost the first attach 6-9 ms, and left its
        // event thread in the app for good.
        Assert.DoesNotContain("System.Net.Sockets.dll", await File.ReadAllTextAsync($"/proc/{target.Pid}/maps"), StringComparison.Ordinal);
        Assert.DoesNotContain(".NET Sockets", target.ThreadNames());
    }

    [Fact]
    public async Task AListenerNobodyAttachesToLogsWhereItListensWithNoThreadButItsOwn()
    {
        using var target = await TargetApp.StartAsync("agent");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();

        // A thread that lived only for the line would show in a thread dump and be gone after it.
        var seen = new HashSet<string>();
        while (!target.Log.Contains("listening on", StringComparison.Ordinal))
        {
            seen.UnionWith(target.ThreadNames().Where(name => name.StartsWith("attach-", StringComparison.Ordinal)));
            await Task.Delay(2);
        }

        Assert.DoesNotContain(seen, name => name != "attach-listener");
        Assert.Single(target.Log.Split('\n'), line => line.Contains("listening on " + target.SocketPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheListeningLineOfAnAttachedListenerComesBeforeItsFirstAuditLine()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync(target.Text(), "version");
        var log = await target.WaitForLogAsync("attach from");

        Assert.True(result.ExitCode == 0, result.ToString());
        var listening = log.IndexOf("listening on " + target.SocketPath, StringComparison.Ordinal);
        Assert.InRange(listening, 0, log.IndexOf("attach from", StringComparison.Ordinal));
        Assert.Single(log.Split('\n'), line => line.Contains("listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeletedSocketFileIsRecreatedAndTheAttacherSignalsAgain()
    {
        using var target = await TargetApp.StartAsync("agent");
        Assert.Equal(0, (await CliProcess.RunAsync(target.Text(), "version")).ExitCode);

        File.Delete(target.SocketPath);
        var again = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("recreated", await target.WaitForLogAsync("recreated"), StringComparison.Ordinal);

        // The replaced listener's thread ends once its socket is shut down, a moment after the new one serves.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (target.ThreadNames().Count(name => name == "attach-listener") > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Single(target.ThreadNames(), name => name == "attach-listener");
    }

    [Fact]
    public async Task AStaleRegularFileAtTheSocketPathIsReplaced()
    {
        using var target = await TargetApp.StartAsync("agent");
        await File.WriteAllTextAsync(target.SocketPath, "left by an earlier process with this pid");

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, Syscall.lstat(target.SocketPath, out var stat));
        Assert.Equal(FilePermissions.S_IFSOCK, stat.st_mode & FilePermissions.S_IFMT);
    }

    [Fact]
    public async Task AStaleSocketOfADeadProcessWithTheSamePidIsReplaced()
    {
        using var target = await TargetApp.StartAsync("agent");
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(target.SocketPath));
        }

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("listening on " + target.SocketPath, await target.WaitForLogAsync("listening on " + target.SocketPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASymlinkAtTheSocketPathIsReplacedAndItsTargetIsUntouched()
    {
        using var target = await TargetApp.StartAsync("agent");
        var victim = Path.Combine(target.SocketDirectory, "victim");
        await File.WriteAllTextAsync(victim, "precious");
        File.CreateSymbolicLink(target.SocketPath, victim);
        File.CreateSymbolicLink(target.SocketPath + ".tmp", victim);

        var result = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.Null(new FileInfo(target.SocketPath).LinkTarget);
        Assert.Equal(0, Syscall.lstat(target.SocketPath, out var stat));
        Assert.Equal(FilePermissions.S_IFSOCK, stat.st_mode & FilePermissions.S_IFMT);
    }

    [Fact]
    public async Task TheSocketIsRemovedWhenTheProcessExits()
    {
        using var target = await TargetApp.StartAsync("agent");
        Assert.Equal(0, (await CliProcess.RunAsync(target.Text(), "version")).ExitCode);
        Assert.True(File.Exists(target.SocketPath));

        target.RequestExit();

        Assert.True(target.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, target.ExitCode);
        Assert.False(File.Exists(target.SocketPath));
    }
}
