using System.Globalization;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// Whether the thread pool keeps up, judged from samples over a short window: work always queued and
/// none completed is starvation (every thread blocked: sync-over-async, locks, I/O waits); a queue
/// that grows while work completes is a pool falling behind.
/// </summary>
internal readonly record struct StarvationVerdict(string Verdict, string Reason)
{
    public static StarvationVerdict Judge(IReadOnlyList<PoolSample> samples, TimeSpan window)
    {
        var first = samples[0];
        var last = samples[^1];
        var seconds = window.TotalSeconds.ToString("0.0#", CultureInfo.InvariantCulture);
        var completed = last.Completed - first.Completed;
        var lowest = samples.Min(sample => sample.Pending);
        if (lowest == 0)
        {
            return new("ok", samples.Max(sample => sample.Pending) == 0
                ? $"nothing queued; {completed} work items completed in {seconds} s"
                : $"the queue emptied during the {seconds} s window; {completed} work items completed");
        }

        if (completed == 0)
        {
            return new("starved", $"{last.Pending} work items queued and none completed in {seconds} s with {last.Threads} pool threads: they are all blocked (look for sync-over-async or lock waits in a thread dump)");
        }

        return last.Pending > first.Pending
            ? new("falling behind", $"the queue grew from {first.Pending} to {last.Pending} in {seconds} s while {completed} work items completed on {last.Threads} threads")
            : new("busy", $"work stayed queued ({lowest} or more) but the queue did not grow; {completed} work items completed in {seconds} s");
    }
}
