using AttachKit.Testing;

namespace AttachKit.Attacher.Threads.Tests;

/// <summary>What a tool gets from the library: a <see cref="ThreadDump"/> with no console involved.</summary>
public class LibraryDumpTests
{
    [Fact]
    public async Task AToolGetsTheModelWithCpuOverAnInterval()
    {
        using var target = await TargetApp.StartAsync("threads-spinner");
        var dump = await new AttachClient().DumpThreadsAsync(target.Pid, new ThreadDumpOptions
        {
            CpuInterval = TimeSpan.FromMilliseconds(300),
            MethodCacheDirectory = Path.Combine(target.Scratch.Path, "methods"),
        });

        Assert.InRange(dump.Interval!.Value, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        Assert.Equal("spinner", dump.Busiest(1).Single().Name);
        Assert.All(dump.Threads, thread => Assert.NotNull(thread.CpuPercent));
        var idle = dump.GroupByStack().First(group => group.Threads.Any(thread => thread.Name == "idle-0"));
        Assert.Equal(["idle-0", "idle-1", "idle-2"], idle.Threads.Select(thread => thread.Name));
        Assert.All(dump.Threads, thread => Assert.True(thread.IsManaged || thread.Frames.Count == 0));
    }
}
