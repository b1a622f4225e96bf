using System.Diagnostics;

namespace AttachKit.Agent.Commands;

/// <summary>
/// When a command must be done by. It starts at the command's budget
/// (<see cref="IAttachCommand.Budget"/>); a command that streams for as long as its client reads
/// (a dump) may push it out while it makes progress. <see cref="CommandRunner"/> watches it from its
/// own thread and cancels <see cref="Token"/> when it passes: no timer, since timers run on the
/// thread pool, which may be starved when people attach. Not disposable on purpose: an abandoned
/// command's thread may still be waiting on <see cref="Token"/> after its runner has returned.
/// </summary>
internal sealed class CommandDeadline
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _deadline;

    public CommandDeadline(TimeSpan budget) => _deadline = _started + ToTicks(budget);

    /// <summary>Cancelled when the deadline passes.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The time the command has been given in all: its budget and any extensions.</summary>
    public TimeSpan Allowed => Stopwatch.GetElapsedTime(_started, Interlocked.Read(ref _deadline));

    public TimeSpan Remaining => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref _deadline));

    /// <summary>Moves the deadline to at least <paramref name="fromNow"/> from now; never earlier.</summary>
    public void ExtendTo(TimeSpan fromNow)
    {
        var wanted = Stopwatch.GetTimestamp() + ToTicks(fromNow);
        long current;
        do
        {
            current = Interlocked.Read(ref _deadline);
            if (current >= wanted)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _deadline, wanted, current) != current);
    }

    public void Cancel() => _cancellation.Cancel();

    private static long ToTicks(TimeSpan span) => (long)Math.Min(span.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4);
}
