using System.Text.Encodings.Web;
using System.Text.Json;
using AttachKit.Attacher.Inspection.Tasks;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>Pending async work as text and as JSON.</summary>
public class RenderingTests(PendingTarget target) : IClassFixture<PendingTarget>
{
    private static readonly PendingTasksReport Sample = new(
        Pid: 1234,
        Time: new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero),
        PendingTasks: 3006,
        PendingStateMachines: 3003,
        ChainCount: 1002,
        ChainsTruncated: false,
        Groups:
        [
            new AsyncChainGroup(
                1000,
                [new AsyncFrame("MyApp.Repo.LoadAsync", true), new AsyncFrame("MyApp.Service.GetAsync", true), new AsyncFrame("MyApp.Controllers.ItemsController.Get", true)],
                new AwaitedOperation(AwaitKind.TaskCompletionSource, "a TaskCompletionSource's task", "System.Threading.Tasks.Task"),
                BlockedThreads: 0,
                WaitTiming.NotRecorded,
                Details: [],
                DistinctDetails: 0),
            new AsyncChainGroup(
                1,
                [new AsyncFrame("MyApp.Poller.WaitAsync", true), new AsyncFrame("Task.WhenAll", false), new AsyncFrame("MyApp.Poller.RunAsync", true)],
                new AwaitedOperation(AwaitKind.Timer, "a Task.Delay timer", "System.Threading.Tasks.Task+DelayPromise"),
                BlockedThreads: 1,
                new WaitTiming(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromMinutes(59.8), TimeSpan.FromMinutes(59.8), Recorded: 1, NeverDue: 0),
                Details: ["1 h 0 min delay"],
                DistinctDetails: 1),
            new AsyncChainGroup(
                1,
                [new AsyncFrame("MyApp.Worker.Run", true)],
                new AwaitedOperation(AwaitKind.Running, "running on a thread", null),
                BlockedThreads: 0,
                WaitTiming.NotRecorded,
                Details: [],
                DistinctDetails: 0),
        ],
        Heap: new HeapWalk(Objects: 12_224_263, BytesWalked: 652_284_200, BytesSkipped: 467_350_736, SegmentsCutShort: 0, Elapsed: TimeSpan.FromMilliseconds(204.4)));

    [Fact]
    public void TextIsAHeaderThenABlockPerGroupInnermostFirst()
    {
        var text = new StringWriter { NewLine = "\n" };
        PendingTasksText.Write(Sample, text);

        var local = Sample.Time.ToLocalTime();
        Assert.Equal(
            $"""
            Pending async work of process 1234 at {local:yyyy-MM-dd HH:mm:ss.fff zzz}
            3,006 pending tasks, 3,003 async methods among them; 1,002 chains of awaits in 3 groups of identical chains, largest first, each innermost first:
            Read in 204 ms from 12,224,263 objects (622 MB of small-object heap; 446 MB of large, pinned and frozen objects not read: they hold no tasks).

            1000 × waiting on a TaskCompletionSource's task (age not recorded)
                MyApp.Repo.LoadAsync
                MyApp.Service.GetAsync
                MyApp.Controllers.ItemsController.Get

            1 × waiting on a Task.Delay timer: 1 h 0 min delay, started 12 s ago, due in 59 min 48 s
                MyApp.Poller.WaitAsync
                [Task.WhenAll]
                MyApp.Poller.RunAsync
                (a thread blocks until the outermost completes: Task.Wait, .Result or GetAwaiter().GetResult())

            1 × running on a thread at this moment
                MyApp.Worker.Run

            """,
            text.ToString());
    }

    [Fact]
    public void JsonHasTheGroupsWithTheirChainsAndWhatTheyWaitOn()
    {
        using var json = JsonDocument.Parse(Json(Sample));
        var root = json.RootElement;

        Assert.Equal(1234, root.GetProperty("pid").GetInt32());
        Assert.Equal("2026-12-06T18:00:00.0000000Z", root.GetProperty("time").GetString());
        Assert.Equal(3003, root.GetProperty("pendingStateMachines").GetInt32());
        Assert.Equal(1002, root.GetProperty("chainCount").GetInt32());
        Assert.Equal(3, root.GetProperty("groupCount").GetInt32());
        Assert.Equal(0.204, root.GetProperty("heap").GetProperty("seconds").GetDouble());
        var groups = root.GetProperty("groups");
        var first = groups[0];
        Assert.Equal(1000, first.GetProperty("count").GetInt32());
        Assert.Equal("taskCompletionSource", first.GetProperty("waitingOn").GetProperty("kind").GetString());
        Assert.Equal(["MyApp.Repo.LoadAsync", "MyApp.Service.GetAsync", "MyApp.Controllers.ItemsController.Get"], first.GetProperty("frames").EnumerateArray().Select(frame => frame.GetString()));
        Assert.Equal(0, first.GetProperty("ageRecorded").GetInt32());
        Assert.False(first.TryGetProperty("oldestAgeSeconds", out _));
        var timer = groups[1];
        Assert.Equal("timer", timer.GetProperty("waitingOn").GetProperty("kind").GetString());
        Assert.Equal("[Task.WhenAll]", timer.GetProperty("frames")[1].GetString());
        Assert.Equal(12, timer.GetProperty("oldestAgeSeconds").GetDouble());
        Assert.Equal(3588, timer.GetProperty("soonestDueSeconds").GetDouble());
        Assert.Equal(1, timer.GetProperty("blockedThreads").GetInt32());
        Assert.Equal(["1 h 0 min delay"], timer.GetProperty("details").EnumerateArray().Select(detail => detail.GetString()));
        Assert.Equal("running", groups[2].GetProperty("waitingOn").GetProperty("kind").GetString());
    }

    [Fact]
    public void ALiveTargetsReportRendersBothWays()
    {
        var report = target.Report;
        var text = new StringWriter();
        PendingTasksText.Write(report, text);
        using var json = JsonDocument.Parse(Json(report));

        Assert.Contains($"1000 × waiting on a TaskCompletionSource's task (age not recorded)\n    {PendingTarget.Scenarios}.ManyInner\n", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(report.Groups.Count, json.RootElement.GetProperty("groups").GetArrayLength());
        Assert.Equal(report.Groups.Count, text.ToString().Split("\n\n").Length - 1);
    }

    [Fact]
    public void EveryKindHasItsOwnCamelCaseNameInJson()
    {
        var names = Enum.GetValues<AwaitKind>().Select(PendingTasksJson.KindName).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches("^[a-z][A-Za-z]+$", name));
        Assert.Equal("taskCompletionSource", PendingTasksJson.KindName(AwaitKind.TaskCompletionSource));
    }

    private static byte[] Json(PendingTasksReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            PendingTasksJson.Write(report, json);
        }

        return buffer.ToArray();
    }
}
