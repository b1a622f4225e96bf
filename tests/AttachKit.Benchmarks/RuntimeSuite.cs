using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AttachKit.Attacher;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>runtime</c>: what the heap and counters commands cost the target. A target is attached once
/// (socket published, first calls compiled), then sent <c>runs</c> pairs of heap + counters through
/// an in-process AttachClient, in rounds: the first shows what repeated calls cost while the runtime
/// settles (tiered JIT, the GC's first gen0 budget), the next ones whether anything keeps growing,
/// until the target's first gen0 collection; one round after it shows steady use. Reports the
/// target's RSS, descriptors, threads and CPU, the wire time of each call (connect to final status,
/// client side) and the agent's own time from its audit log. Goals: RSS growth under 5 MB, no
/// descriptor or thread left behind, each command under 20 ms in the agent.
/// No anchor to compare with: dotnet-counters and dotnet-gcdump are not installed here.
/// </summary>
internal static partial class RuntimeSuite
{
    public static async Task RunAsync(int runs)
    {
        using var target = await TargetApp.StartAsync("runtime");
        var client = new AttachClient();
        var untouched = TargetFacts.Of(target.Pid);
        var first = new Samples("first heap (publishes the socket, compiles)");
        await first.TimeAsync(() => client.RunAsync(target.Pid, "heap"));
        await client.RunAsync(target.Pid, "counters");
        await Task.Delay(500);
        var attached = TargetFacts.Of(target.Pid);
        var auditLinesBefore = target.Log.Count(c => c == '\n');

        var heapWire = new Samples("heap, wire (in-process AttachClient)");
        var countersWire = new Samples("counters, wire (in-process AttachClient)");
        await RoundAsync(client, target.Pid, runs, heapWire, countersWire);
        var firstRound = TargetFacts.Of(target.Pid);
        await RoundAsync(client, target.Pid, runs, heapWire, countersWire);
        var secondRound = TargetFacts.Of(target.Pid);

        // Until the GC's first collection, garbage piles up to its gen0 budget (sized from the CPU's cache)
        // and shows as RSS, whoever made it. Rounds go on until the target has collected; one more then
        // shows what steady use costs.
        var collectionsBefore = await Gen0CollectionsAsync(client, target.Pid);
        var rounds = 2;
        while (await Gen0CollectionsAsync(client, target.Pid) == collectionsBefore && rounds < MaxRounds)
        {
            await RoundAsync(client, target.Pid, runs, heapWire, countersWire);
            rounds++;
        }

        var afterFirstCollection = TargetFacts.Of(target.Pid);
        await RoundAsync(client, target.Pid, runs, heapWire, countersWire);
        var steady = TargetFacts.Of(target.Pid);
        var collected = await client.RunAsync(target.Pid, "gc", ["--compact"]);
        var afterGc = TargetFacts.Of(target.Pid);

        var heapAgent = new Samples("heap, in the agent (audit log)");
        var countersAgent = new Samples("counters, in the agent (audit log)");
        foreach (var line in target.Log.Split('\n').Skip(auditLinesBefore))
        {
            if (AuditLine().Match(line) is { Success: true } match)
            {
                (match.Groups[1].Value == "heap" ? heapAgent : countersAgent).Add(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }

        Report.Print($"runtime: rounds of {runs} x (heap + counters)", [first, heapWire, countersWire, heapAgent, countersAgent], []);
        Console.WriteLine(untouched.Row("target, never attached"));
        Console.WriteLine(attached.Row("after the first attach"));
        Console.WriteLine(firstRound.Row($"after round 1 ({runs} pairs)"));
        Console.WriteLine(secondRound.Row($"after round 2 ({runs} pairs)"));
        Console.WriteLine(afterFirstCollection.Row($"after round {rounds}"));
        Console.WriteLine(steady.Row($"after round {rounds + 1}"));
        Console.WriteLine(afterGc.Row("after gc --compact"));
        Console.WriteLine(Growth("round 1", attached, firstRound, runs));
        Console.WriteLine(Growth("round 2", firstRound, secondRound, runs));
        var collectedOnce = rounds < MaxRounds;
        Console.WriteLine(collectedOnce
            ? $"the target's first gen0 collection came in round {rounds} (the GC's budget reached)"
            : $"no gen0 collection in {MaxRounds} rounds");
        Console.WriteLine(Growth(collectedOnce ? $"round {rounds + 1}, after it" : $"round {rounds + 1}", afterFirstCollection, steady, runs));
        Console.WriteLine("gc after the rounds: " + string.Join("; ", collected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3)));
    }

    private const int MaxRounds = 20;

    private static async Task<int> Gen0CollectionsAsync(AttachClient client, int pid)
    {
        using var heap = JsonDocument.Parse(await client.RunAsync(pid, "heap", format: ReplyFormat.Json));
        return heap.RootElement.GetProperty("gen0Collections").GetInt32();
    }

    private static async Task RoundAsync(AttachClient client, int pid, int runs, Samples heap, Samples counters)
    {
        for (var i = 0; i < runs; i++)
        {
            await heap.TimeAsync(() => client.RunAsync(pid, "heap"));
            await counters.TimeAsync(() => client.RunAsync(pid, "counters"));
        }

        await Task.Delay(500);
    }

    private static string Growth(string round, TargetFacts from, TargetFacts to, int runs) => string.Create(
        CultureInfo.InvariantCulture,
        $"growth in {round}: RSS {(to.RssBytes - from.RssBytes) / 1048576.0:+0.0;-0.0} MiB (anonymous {(to.AnonymousBytes - from.AnonymousBytes) / 1048576.0:+0.0;-0.0}), fds {to.Descriptors - from.Descriptors:+0;-0}, threads {to.Threads - from.Threads:+0;-0}, target CPU {(to.CpuTime - from.CpuTime).TotalMilliseconds / (2 * runs):0.00} ms per call");

    [GeneratedRegex(@": (heap|counters) -> 0 ok in ([0-9.]+) ms")]
    private static partial Regex AuditLine();
}
