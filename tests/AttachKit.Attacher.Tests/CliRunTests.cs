using System.Diagnostics;
using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// How the CLI runs an attach: it waits for the reply on its own thread alone (poll(2)); Ctrl+C ends
/// it at once and removes a half-saved file; a reader of its output that goes away early ends the
/// output, not with an error.
/// </summary>
[Trait("Category", "Cli")]
public class CliRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // What System.Net.Sockets' engine, the thread pool and the parser's signal handling would start.
    private static readonly string[] ThreadsAWaitNeedsNot = [".NET Sockets", ".NET TP Worker", ".NET TP Gate", ".NET SigHandler"];

    [Fact]
    public async Task TheCliWaitsForAReplyWithoutStartingSocketPoolOrSignalThreads()
    {
        using var agent = await ScriptedListener.StartAsync([], holdOpen: true);
        using var cli = RunningProcess.Start([.. Artifacts.Cli, Pid(agent.Target), "version"]);
        await agent.WaitForRequestAsync(Timeout);
        await Task.Delay(200);

        var threads = Directory.GetDirectories($"/proc/{cli.Pid}/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))
            .ToList();

        Assert.NotEmpty(threads);
        Assert.Empty(threads.Intersect(ThreadsAWaitNeedsNot));
    }

    [Fact]
    public async Task CtrlCWhileADumpIsSavedEndsTheCliAndRemovesThePartialFile()
    {
        using var scratch = ScratchDirectory.Create();
        var dump = Path.Combine(scratch.Path, "app.dmp");
        using var agent = await ScriptedListener.StartAsync("0 ok\n5\nMDMP\n"u8.ToArray(), holdOpen: true);
        using var cli = RunningProcess.Start([.. Artifacts.Cli, Pid(agent.Target), "heap-dump", "-o", dump]);
        await WaitUntilAsync(() => Directory.GetFiles(scratch.Path, ".app.dmp.*.part").Length == 1);

        cli.Signal("INT");
        var exit = await cli.WaitForExitAsync(Timeout);

        Assert.Equal(128 + 2, exit);
        Assert.Empty(Directory.GetFiles(scratch.Path, "*.part"));
        Assert.False(File.Exists(dump));
    }

    [Fact]
    public async Task AReaderThatStopsEarlyEndsTheOutputWithoutAnError()
    {
        // A body far larger than a pipe holds, so that the CLI is still writing when `head` has gone.
        var body = new string('x', 1024 * 1024);
        using var agent = await ScriptedListener.StartAsync(System.Text.Encoding.ASCII.GetBytes($"0 ok\n{body.Length:x}\n{body}0\n0 ok\n"));
        var cli = string.Join(' ', Artifacts.Cli);

        var result = await ProcessRunner.RunAsync(["bash", "-c", $"{cli} {Pid(agent.Target)} version | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}"]);

        Assert.Equal("0", result.Stdout.Trim());
        Assert.DoesNotContain("attachkit", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Timeout, "timed out waiting");
            await Task.Delay(20);
        }
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
