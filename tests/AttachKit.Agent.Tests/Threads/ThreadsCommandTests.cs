using System.Globalization;
using System.Text.RegularExpressions;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

[Trait("Category", "Cli")]
public class ThreadsCommandTests
{
    [Theory]
    [InlineData("monitor-wait", "System.Threading.Monitor.Wait", "BlockedThreads.WaitOnMonitor")]
    [InlineData("sleeper", "System.Threading.Thread.Sleep", "BlockedThreads.SleepForever")]
    [InlineData("mre-wait", "System.Threading.WaitHandle.WaitOneNoCheck", "BlockedThreads.WaitOnManualResetEvent")]
    [InlineData("semaphore-wait", "System.Threading.SemaphoreSlim.Wait", "BlockedThreads.WaitOnSemaphoreSlim")]
    [InlineData("socket-read", "System.Net.Sockets.Socket.Receive", "BlockedThreads.ReadFromSilentSocket")]
    [InlineData("lock-owner", "System.Threading.Thread.Sleep", "BlockedThreads.HoldLock")]
    [InlineData("lock-waiter", "System.Threading.Monitor.Enter", "BlockedThreads.EnterHeldLock")]
    public async Task EachBlockedThreadShowsItsBlockingFrameAboveItsOwnMethod(string name, string blockingFrame, string ownMethod)
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        var thread = (await ThreadDumpCli.JsonAsync(target)).Named(name);
        var frames = thread.Frames();
        var blocking = frames.ToList().FindIndex(frame => frame.StartsWith(blockingFrame, StringComparison.Ordinal));
        var own = frames.ToList().FindIndex(frame => frame.EndsWith(ownMethod, StringComparison.Ordinal));
        Assert.True(blocking >= 0 && own > blocking, $"{name}: expected {blockingFrame} above {ownMethod} in\n{string.Join('\n', frames)}");
        Assert.Equal("S", thread.GetProperty("state").GetString());
        Assert.True(thread.GetProperty("managed").GetBoolean());
    }

    [Fact]
    public async Task AFrameNoMethodCoversSaysWhichFileItsCodeIsIn()
    {
        // The socket engine's thread, when idle, waits in a P/Invoke stub precompiled into
        // System.Net.Sockets.dll, which the runtime's rundown does not name; a dump may catch it at work.
        const int Dumps = 5;
        using var target = await TargetApp.StartAsync("threads-blocked");
        var waiting = new List<string>();
        for (var dump = 0; dump < Dumps && !waiting.Any(IsStubInSockets); dump++)
        {
            var json = await ThreadDumpCli.JsonAsync(target);
            waiting.Add(json.Named(".NET Sockets").Frames()[0]);
            Assert.All(
                json.Threads().SelectMany(thread => thread.Frames()).Where(frame => frame.StartsWith("<unknown", StringComparison.Ordinal)),
                frame => Assert.Matches(@"^<unknown 0x[0-9a-f]+( in [^ /]+)?>$", frame));
        }

        Assert.True(waiting.Any(IsStubInSockets), string.Join('\n', waiting));

        static bool IsStubInSockets(string frame) => Regex.IsMatch(frame, @"^<unknown 0x[0-9a-f]+ in System\.Net\.Sockets\.dll>$");
    }

    [Fact]
    public async Task NamesAndTidsMatchProcAndNativeThreadsAreListedToo()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        // A new thread carries its creator's name until it renames itself: let the accept thread do so.
        while (!target.Threads().Values.Contains("attach-listener"))
        {
            await Task.Delay(5);
        }

        var before = target.Threads();
        var dump = await ThreadDumpCli.JsonAsync(target);
        var after = target.Threads();

        var dumped = dump.Threads().ToDictionary(thread => thread.GetProperty("tid").GetInt32(), thread => thread.GetProperty("name").GetString());
        Assert.Equal(dumped.Count, dump.GetProperty("threadCount").GetInt32());
        foreach (var (tid, name) in before.Where(thread => after.ContainsKey(thread.Key)))
        {
            Assert.True(dumped.TryGetValue(tid, out var dumpedName), $"thread {tid} ({name}) is in /proc but not in the dump");
            Assert.Equal(name, dumpedName);
        }

        Assert.All(dumped.Keys, tid => Assert.True(before.ContainsKey(tid) || after.ContainsKey(tid), $"dumped thread {tid} was never in /proc"));
        Assert.Contains(dump.Threads(), thread => !thread.GetProperty("managed").GetBoolean() && thread.GetProperty("name").GetString() == ".NET SigHandler");
        Assert.InRange(dump.GetProperty("leftOut").GetInt32(), 1, 3);
        Assert.DoesNotContain(dumped.Values, name => name is "attach-session" or "attach-command");
    }

    [Fact]
    public async Task TextDumpReadsLikeJstack()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        var result = await ThreadDumpCli.RunAsync(target);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.StartsWith($"Thread dump of process {target.Pid} (AttachKit.TestTarget) at ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(".NET ", lines[1], StringComparison.Ordinal);
        var sleeper = Array.FindIndex(lines, line => line.StartsWith("\"sleeper\" tid=", StringComparison.Ordinal));
        Assert.True(sleeper > 0, result.Stdout);
        Assert.Matches(@"^""sleeper"" tid=\d+ S \(sleeping\) cpu=\d+ms$", lines[sleeper]);
        Assert.Equal("    at System.Threading.Thread.Sleep", lines[sleeper + 1]);
        Assert.Contains("    (native thread: no managed frames)", lines);
    }

    [Fact]
    public async Task ADumpLoadsNoTraceEventNoDiagnosticsClientAndNoSocketsAssemblyInTheTarget()
    {
        // A target that has no socket of its own (System.Net.Sockets is the app's to load, not the agent's).
        using var target = await TargetApp.StartAsync("agent");
        var dump = await ThreadDumpCli.RunAsync(target);
        Assert.True(dump.ExitCode == 0, dump.ToString());
        var maps = await File.ReadAllTextAsync($"/proc/{target.Pid}/maps");
        Assert.DoesNotContain("TraceEvent", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("FastSerialization", maps, StringComparison.Ordinal);

        // The runtime's diagnostic port is spoken to over the agent's own sockets (docs/INTERNALS.md, "The thread pool").
        Assert.DoesNotContain("Microsoft.Diagnostics.NETCore.Client.dll", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Net.Sockets.dll", maps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnosticsTurnedOffInTheTargetGiveAClearError()
    {
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions
        {
            Environment = new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" },
        });
        var result = await ThreadDumpCli.RunAsync(target);
        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains("DOTNET_EnableDiagnostics=0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("restart the process without", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASocketPlantedAtTheDiagnosticPortsNameAfterATmpCleanerIsSentNothing()
    {
        using var target = await TargetApp.StartAsync("agent");
        var port = Directory.GetFiles(target.SocketDirectory, $"dotnet-diagnostic-{target.Pid}-*-socket").Single();
        File.Delete(port);
        using var planted = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        planted.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(port));
        planted.Listen(8);

        var result = await ThreadDumpCli.RunAsync(target);

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains($"is not this process's diagnostic server (process {Environment.ProcessId}", result.Stderr, StringComparison.Ordinal);
        using var connection = await planted.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await connection.ReceiveAsync(new byte[64]).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task JsonAskedOfTheAgentDirectlyIsRefusedWithAHint()
    {
        using var target = await TargetApp.StartAsync("agent");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var reply = await Socat.SendAsync(target.SocketPath, "1\0threads\0--json\0\0");
        Assert.StartsWith("6 'threads' answers with a binary capture", reply.Stdout, StringComparison.Ordinal);
        Assert.Contains("attachkit <pid> threads --json", reply.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--top", "zero")]
    [InlineData("--interval", "11s")]
    [InlineData("--everything")]
    public async Task BadOptionsAreRefusedBeforeAttaching(params string[] options)
    {
        using var target = await TargetApp.StartAsync("agent");
        var result = await ThreadDumpCli.RunAsync(target, options);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("usage: threads [--group] [--top <n>] [--interval <time>] [--no-method-cache]", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.SocketPath), "the target was signalled for a command line that was refused");
    }

    [Fact]
    public async Task TheAgentRefusesAnIntervalItCannotHonour()
    {
        using var target = await TargetApp.StartAsync("agent");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var reply = await Socat.SendAsync(target.SocketPath, "1\0threads\0--interval\0forever\0\0");
        Assert.StartsWith("6 'threads' takes '--interval <duration>' (e.g. 1s, 500ms; at most 10 s) and '--method-epoch <epoch>'", reply.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await CliProcess.RunAsync(target.Pid.ToString(CultureInfo.InvariantCulture), "version")).ExitCode);
    }
}
