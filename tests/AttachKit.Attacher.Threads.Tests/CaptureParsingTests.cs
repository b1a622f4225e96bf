using AttachKit.Cli;

namespace AttachKit.Attacher.Threads.Tests;

/// <summary>The parser, and the self-test of its reading of TraceEvent's internals against TraceLog's public API.</summary>
public class CaptureParsingTests(CapturedTarget captured) : IClassFixture<CapturedTarget>
{
    [Fact]
    public void TheStackReaderIsPinnedToTheTraceEventInUse()
    {
        Assert.Equal(StackAddresses.PinnedVersion, typeof(Microsoft.Diagnostics.Tracing.TraceEvent).Assembly.GetName().Version);
        Assert.True(StackAddresses.IsAvailable);
    }

    [Fact]
    public void ReadingTraceEventInternalsGivesTheStacksTraceLogGives()
    {
        var trace = captured.Body.AsMemory(captured.TraceStart);
        using var stream = new MemoryStream(captured.Body, captured.TraceStart, trace.Length);
        var fast = CaptureParser.TryParseWithAddresses(stream)?.Stacks;
        var slow = TraceLogStacks.Parse(trace);

        Assert.NotNull(fast);
        Assert.Equal(slow.Keys.Order(), fast.Keys.Order());
        foreach (var (tid, frames) in slow)
        {
            Assert.Equal(frames.Select(frame => frame.ToString()), fast[tid].Select(frame => frame.ToString()));
        }

        Assert.Contains(fast.Values, frames => frames.Any(frame => frame.Method == "AttachKit.TestTarget.BlockedThreads.WaitOnMonitor"));
    }

    [Fact]
    public void ACaptureThatCannotBeParsedIsKeptInAFileTheErrorNames()
    {
        var corrupt = (byte[])captured.Body.Clone();
        corrupt.AsSpan(captured.TraceStart, 16).Fill(0xFF);

        var error = Assert.Throws<ThreadDumpParseException>(() => ThreadDumps.Parse(corrupt, captured.Target.Pid));
        try
        {
            Assert.NotNull(error.CapturePath);
            Assert.Contains(error.CapturePath, error.Message, StringComparison.Ordinal);
            Assert.StartsWith($"could not parse the thread dump of process {captured.Target.Pid}", error.Message, StringComparison.Ordinal);
            Assert.Equal(corrupt, File.ReadAllBytes(error.CapturePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(error.CapturePath));
            Assert.Equal(ExitCodes.BrokenReply, ExitCodes.For(error));
        }
        finally
        {
            File.Delete(error.CapturePath!);
        }
    }

    [Fact]
    public void ABodyThatIsNotAThreadsBodyIsAParseErrorToo()
    {
        var error = Assert.Throws<ThreadDumpParseException>(() => ThreadDumps.Parse("0 ok\nnot a capture"u8.ToArray(), 1234));
        Assert.Contains("does not start with the threads magic", error.Message, StringComparison.Ordinal);
        File.Delete(error.CapturePath!);
    }

    [Fact]
    public void AKeptCaptureParsesIntoTheSameDump()
    {
        var dump = ThreadDumps.Parse(captured.Body, captured.Target.Pid);
        Assert.Equal(captured.Target.Pid, dump.Pid);
        Assert.StartsWith(".NET ", dump.Runtime, StringComparison.Ordinal);
        var sleeper = dump.Threads.Single(thread => thread.Name == "sleeper");
        Assert.Equal("System.Threading.Thread.Sleep", sleeper.Frames[0].Method);
        Assert.Null(dump.Interval);
        Assert.All(dump.Threads, thread => Assert.Null(thread.CpuPercent));
    }
}
