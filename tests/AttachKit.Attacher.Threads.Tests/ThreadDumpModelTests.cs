using System.Globalization;
namespace AttachKit.Attacher.Threads.Tests;

public class ThreadDumpModelTests
{
    private static readonly StackFrame[] Waiting = [new("System.Threading.Monitor.Wait", 0x10), new("App.Worker.Run", 0x20)];
    private static readonly StackFrame[] Spinning = [new("App.Hot.Loop", 0x30)];

    [Fact]
    public void IdenticalStacksAreGroupedLargestFirstAndNativeThreadsApart()
    {
        var dump = Dump(
            Thread(10, "worker", Waiting),
            Thread(11, "worker", Waiting),
            Thread(12, "hot", Spinning),
            Thread(13, "worker", Waiting),
            Thread(14, ".NET SigHandler", [], managed: false),
            Thread(15, ".NET Finalizer", [], managed: false));

        var groups = dump.GroupByStack();

        Assert.Equal([3, 2, 1], groups.Select(group => group.Threads.Count));
        Assert.Equal([10, 11, 13], groups[0].Threads.Select(thread => thread.Tid));
        Assert.False(groups[1].IsManaged);
        Assert.Equal("App.Hot.Loop", groups[2].Frames.Single().Method);
    }

    [Fact]
    public void BusiestRanksByCpuOverTheIntervalWhenThereIsOne()
    {
        var dump = Dump(
            Thread(10, "long-lived", Waiting) with { UserCpu = TimeSpan.FromHours(1), CpuPercent = 0.5 },
            Thread(11, "hot", Spinning) with { UserCpu = TimeSpan.FromSeconds(2), CpuPercent = 99 });

        Assert.Equal("hot", dump.Busiest(1).Single().Name);
        Assert.Equal("long-lived", Dump(dump.Threads.Select(thread => thread with { CpuPercent = null }).ToArray()).Busiest(1).Single().Name);
    }

    [Fact]
    public void AnUnknownFrameShowsItsAddress() => Assert.Equal("<unknown 0x7f00dead>", new StackFrame(null, 0x7f00dead).ToString());

    [Fact]
    public void AnUnknownFrameInAFileSaysWhichFile()
        => Assert.Equal("<unknown 0x7f00dead in System.Net.Sockets.dll>", new StackFrame(null, 0x7f00dead) { File = "System.Net.Sockets.dll" }.ToString());

    [Fact]
    public void CodeFilesTellWhichFileAnAddressOfAProcessIsIn()
    {
        // This process's own map: a region of libc, and the first address past the last region.
        var lines = File.ReadAllLines("/proc/self/maps");
        var libc = lines.First(line => line.Contains("/libc.so.6", StringComparison.Ordinal)).Split(' ')[0].Split('-');
        var start = ulong.Parse(libc[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var end = ulong.Parse(libc[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var files = CodeFiles.Read(Environment.ProcessId)!;

        Assert.Equal("libc.so.6", files.At(start));
        Assert.Equal("libc.so.6", files.At(end - 1));
        Assert.Null(files.At(0x1000));
        Assert.Null(CodeFiles.Read(int.MaxValue));
    }

    private static ThreadDump Dump(params DumpedThread[] threads) => new()
    {
        Pid = 1,
        Time = DateTimeOffset.UnixEpoch,
        Runtime = ".NET 10.0.0",
        Threads = threads,
        LeftOut = 0,
    };

    private static DumpedThread Thread(int tid, string name, StackFrame[] frames, bool managed = true) => new()
    {
        Tid = tid,
        Name = name,
        State = 'S',
        UserCpu = TimeSpan.Zero,
        SystemCpu = TimeSpan.Zero,
        Frames = frames,
        IsManaged = managed,
    };
}
