using AttachKit.Attacher.Inspection;
using AttachKit.Testing;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>A live process held still, read and let go: what the lock and task commands stand on.</summary>
public sealed class LiveRuntimeTests
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReadsEveryManagedThreadOfAProcessWithoutTheAgentAndLetsItGo()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        var expected = target.ThreadNames();

        var (names, paused, notStopped) = LiveRuntime.Read(target.Pid, MaxPause, (live, _) =>
            live.Runtime.Threads.Where(thread => thread.IsAlive).Select(thread => thread.OSThreadId).ToList());

        Assert.True(notStopped.Count == 0, $"not stopped: {string.Join(", ", notStopped.Select(tid => $"{tid} of {target.Pid} ({File.ReadAllText($"/proc/{target.Pid}/task/{tid}/stat")})"))}");
        Assert.True(paused > TimeSpan.Zero);
        Assert.Contains(target.Threads().Single(thread => thread.Value == "lock-waiter").Key, names.Select(tid => (int)tid));
        Assert.True(names.Count >= 6, $"{names.Count} managed threads read; the target names {string.Join(", ", expected)}");
        TargetState.AssertRunsUntraced(target.Pid);
    }

    [Fact]
    public async Task ATargetHeldLongerThanTheMaximumPauseIsLetGoAndTheReadIsCancelled()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");

        Assert.ThrowsAny<OperationCanceledException>(() => LiveRuntime.Read(target.Pid, TimeSpan.FromMilliseconds(200), (_, cancellation) =>
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                Thread.Sleep(10);
            }
#pragma warning disable CS0162 // the loop ends by cancellation only
            return 0;
#pragma warning restore CS0162
        }));

        TargetState.AssertRunsUntraced(target.Pid);
    }

    [Fact]
    public void AProcessThatIsNotDotNetIsRefusedWithTheReason()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
        var refused = Assert.Throws<InspectionRefusedException>(() => LiveRuntime.Read(sleeper.Id, MaxPause, (_, _) => 0));
        Assert.Contains("maps no libcoreclr.so", refused.Message);
        sleeper.Kill();
    }
}
