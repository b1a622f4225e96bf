using System.Globalization;
using System.Text.Json;
using AttachKit.Attacher.Inspection.Locks;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>Text and JSON of a real two-thread deadlock (dl-a, dl-b, and dl-behind waiting behind them).</summary>
public class RenderingTests(MonitorDeadlockTarget fixture) : IClassFixture<MonitorDeadlockTarget>
{
    [Fact]
    public void DeadlocksTextNamesEachThreadItsLockAndTheHolderThenTheirStacks()
    {
        var text = LockReportText.Render(fixture.Report, deadlocksOnly: true);
        var a = fixture.Thread("dl-a");
        var b = fixture.Thread("dl-b");

        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"""
            Found 1 deadlock:

            Deadlock 1 of 1, 2 threads:
            "dl-a" tid={a.Tid}:
              waiting to lock <0x{a.Waiting!.Object!.Address:x16}> (a System.Object),
              which is held by "dl-b" tid={b.Tid}
            "dl-b" tid={b.Tid}:
              waiting to lock <0x{b.Waiting!.Object!.Address:x16}> (a System.Object),
              which is held by "dl-a" tid={a.Tid}

            Stacks of the threads above:

            "dl-a" #{a.ManagedId} tid={a.Tid}
                at System.Threading.Monitor.Enter_Slowpath
                - waiting to lock <0x{a.Waiting.Object.Address:x16}> (a System.Object) owned by "dl-b" tid={b.Tid}
                at System.Threading.Monitor.Enter
                at AttachKit.TestTarget.LockScenarios.Enter
                at AttachKit.TestTarget.LockScenarios.HoldAndEnter
                - locked <0x{b.Waiting.Object.Address:x16}> (a System.Object)

            """).ReplaceLineEndings("\n"), text);
        Assert.DoesNotContain("dl-behind", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreadsTextListsEveryThreadThenTheDeadlocks()
    {
        var text = LockReportText.Render(fixture.Report, deadlocksOnly: false);

        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"Threads and locks of process {fixture.Target.Pid}: {fixture.Report.Threads.Count} managed threads\n"), text);
        Assert.All(fixture.Report.Threads, thread => Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"\n\"{thread.Name}\" #{thread.ManagedId} tid={thread.Tid}\n"), text, StringComparison.Ordinal));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"owned by \"dl-a\" tid={fixture.Thread("dl-a").Tid}"), text[text.IndexOf("\"dl-behind\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.True(text.IndexOf("\nFound 1 deadlock:\n", StringComparison.Ordinal) > text.LastIndexOf("    at ", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonHasTheDeadlockAndEveryThreadsLocks()
    {
        using var document = JsonDocument.Parse(LockReportJson.Render(fixture.Report, deadlocksOnly: false, new JsonWriterOptions()));
        var root = document.RootElement;

        Assert.Equal(fixture.Target.Pid, root.GetProperty("pid").GetInt32());
        Assert.Equal(1, root.GetProperty("deadlockCount").GetInt32());
        var cycle = root.GetProperty("deadlocks")[0].GetProperty("threads");
        Assert.Equal(["dl-a", "dl-b"], cycle.EnumerateArray().Select(thread => thread.GetProperty("name").GetString()));
        Assert.Equal("dl-b", cycle[0].GetProperty("heldBy").GetProperty("name").GetString());
        Assert.Equal("monitor", cycle[0].GetProperty("waitingFor").GetProperty("kind").GetString());
        var threads = root.GetProperty("threads").EnumerateArray().ToDictionary(thread => thread.GetProperty("name").GetString()!);
        Assert.Equal(fixture.Report.Threads.Count, threads.Count);
        var behind = threads["dl-behind"].GetProperty("waitingFor");
        Assert.Equal(("enter", "owned", "dl-a"), (behind.GetProperty("mode").GetString(), behind.GetProperty("ownerState").GetString(), behind.GetProperty("owner").GetProperty("name").GetString()));
        var held = threads["dl-a"].GetProperty("locksHeld")[0];
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"0x{fixture.Thread("dl-b").Waiting!.Object!.Address:x16}"), held.GetProperty("address").GetString());
        Assert.Equal("AttachKit.TestTarget.LockScenarios.HoldAndEnter", threads["dl-a"].GetProperty("frames")[held.GetProperty("frame").GetInt32()].GetString());
    }

    [Fact]
    public void DeadlocksJsonHasOnlyTheThreadsInThem()
    {
        using var document = JsonDocument.Parse(LockReportJson.Render(fixture.Report, deadlocksOnly: true, new JsonWriterOptions()));

        Assert.Equal(["dl-a", "dl-b"], document.RootElement.GetProperty("threads").EnumerateArray().Select(thread => thread.GetProperty("name").GetString()));
    }

    [Fact]
    public void WithoutADeadlockTheTextSaysSo()
    {
        var report = new LockReport(1, [new LockThread(1, 1, "main", [], [], null)], []);

        Assert.Equal("No deadlocks found.\n", LockReportText.Render(report, deadlocksOnly: true));
        Assert.EndsWith("\"main\" #1 tid=1\n    (no managed frames)\n\nNo deadlocks found.\n", LockReportText.Render(report, deadlocksOnly: false), StringComparison.Ordinal);
    }
}
