using System.Globalization;
using System.Text.RegularExpressions;
using AttachKit.Attacher;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>runtime</c>: what the heap and counters commands cost the target. A target is attached once
/// (socket published, first calls compiled), then sent <c>runs</c> pairs of heap + counters through
/// an in-process AttachClient. Reports the target's RSS, descriptors, threads and CPU before and
/// after the pairs, the wire time of each call (connect to final status, client side) and the
/// agent's own time from its audit log. Goals: RSS growth under 5 MB, no descriptor or thread
/// left behind, each command under 20 ms in the agent. There is no anchor to compare with here:
/// dotnet-counters and dotnet-gcdump are not installed.
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
        var before = TargetFacts.Of(target.Pid);
        var auditLinesBefore = target.Log.Count(c => c == '\n');

        var heapWire = new Samples("heap, wire (in-process AttachClient)");
        var countersWire = new Samples("counters, wire (in-process AttachClient)");
        for (var i = 0; i < runs; i++)
        {
            await heapWire.TimeAsync(() => client.RunAsync(target.Pid, "heap"));
            await countersWire.TimeAsync(() => client.RunAsync(target.Pid, "counters"));
        }

        await Task.Delay(500);
        var after = TargetFacts.Of(target.Pid);
        var heapAgent = new Samples("heap, in the agent (audit log)");
        var countersAgent = new Samples("counters, in the agent (audit log)");
        foreach (var line in target.Log.Split('\n').Skip(auditLinesBefore))
        {
            if (AuditLine().Match(line) is { Success: true } match)
            {
                (match.Groups[1].Value == "heap" ? heapAgent : countersAgent).Add(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }

        Report.Print($"runtime: {runs} x (heap + counters)", [first, heapWire, countersWire, heapAgent, countersAgent], []);
        Console.WriteLine(untouched.Row("target, never attached"));
        Console.WriteLine(before.Row("after the first attach"));
        Console.WriteLine(after.Row($"after {runs} x (heap + counters)"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"growth over the {runs} pairs: RSS {(after.RssBytes - before.RssBytes) / 1048576.0:+0.0;-0.0} MiB, fds {after.Descriptors - before.Descriptors:+0;-0}, threads {after.Threads - before.Threads:+0;-0}, target CPU {(after.CpuTime - before.CpuTime).TotalMilliseconds / (2 * runs):0.00} ms per call"));
    }

    [GeneratedRegex(@": (heap|counters) -> 0 ok in ([0-9.]+) ms")]
    private static partial Regex AuditLine();
}
