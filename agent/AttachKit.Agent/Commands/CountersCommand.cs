using System.Diagnostics;
using AttachKit.Agent.Commands.Runtime;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>counters [--interval &lt;time&gt;] [--count &lt;n&gt;]</c>: the runtime's vital signs. Alone, one
/// snapshot whose rates are averages since the process started (as vmstat's first line is since
/// boot); with an interval or a count, a row per interval (1 s unless given), each sent as soon as it
/// is measured.
/// </summary>
internal sealed class CountersCommand : IAttachCommand
{
    private const int DefaultCount = 10;
    private const int MaxCount = 100_000;
    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.Counters);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    public string Name => BuiltInCommands.Counters;

    public string Summary => "CPU, memory, GC, allocation, thread pool, locks, exceptions, timers, JIT: once, or a row per interval";

    public TimeSpan Budget(IReadOnlyList<string> arguments, TimeSpan commandTimeout)
        => commandTimeout + Options.ExtraTime(Name, arguments, options => Series(options) is var (interval, count) ? interval * count : TimeSpan.Zero);

    public ReplyStatus Execute(CommandContext context)
    {
        var options = Options.Parse(Name, context.Arguments);
        if (Series(options) is not var (interval, count))
        {
            Snapshot(context);
            return ReplyStatus.Ok;
        }

        var preamble = new FieldReport()
            .Add("intervalSeconds", "Interval", interval)
            .Add("processorCount", "Processors", Environment.ProcessorCount);
        using var table = TableStream.Begin(context, preamble, "samples", CounterRow.Columns);
        var previous = CounterSample.Take();
        for (var i = 0; i < count; i++)
        {
            context.Sleep(interval);
            var current = CounterSample.Take();
            table.WriteRow(new CounterRow(previous, current).Values());
            previous = current;
        }

        table.End();
        return ReplyStatus.Ok;
    }

    private static void Snapshot(CommandContext context)
    {
        using var self = Process.GetCurrentProcess();
        var started = new DateTimeOffset(self.StartTime);
        var now = CounterSample.Take();
        var row = new CounterRow(CounterSample.AtStart(started, now.Time - started), now);
        var report = new FieldReport()
            .Add("intervalSeconds", "Averaged over", row.Interval)
            .Add("processorCount", "Processors", Environment.ProcessorCount)
            .Add("exceptions", "Exceptions", now.Exceptions)
            .Add("lockContentions", "Lock contentions", now.LockContentions)
            .Add("threadPoolCompleted", "Pool completed", now.PoolCompleted);
        row.ToReport(report).WriteTo(context);
    }

    private static (TimeSpan Interval, int Count)? Series(CommandOptions.ParsedOptions options)
    {
        if (!options.Has("--interval") && !options.Has("--count"))
        {
            return null;
        }

        return (options.Duration("--interval", DefaultInterval, MinInterval, MaxInterval), options.Integer("--count", DefaultCount, 1, MaxCount));
    }
}
