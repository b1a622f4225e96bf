using System.Diagnostics;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>
/// The "listening" log line, written after the first reply rather than beside it: the default
/// logger's first event loads and JIT-compiles much of Serilog, and that work beside the first request
/// delays its reply (docs/INTERNALS.md, "The agent's first attach"). The first attach writes
/// the line before its own audit line; the accept thread writes it when no attach has done so within
/// <see cref="FirstReplyWait"/>, so that it never goes missing and never comes after an audit line.
/// No thread of its own: a short-lived thread would appear in a dump and be gone from /proc after it.
/// </summary>
internal sealed class ListeningAnnouncement(ILogger log) : IDeferredLines
{
    // Longer than a cold first reply takes, even under load; short enough to read as "at once".
    private static readonly TimeSpan FirstReplyWait = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<Action<ILogger>> _pending = [];
    private long _dueAt;

    /// <summary>Queues the line for <paramref name="path"/>; returns at once.</summary>
    public void Announce(string path, string again) => Defer(log => log.Information("AttachKit agent listening on {Path}{Again}", path, again));

    /// <summary>Queues a line of the agent's own (how it came into the process) to be written as the "listening" line is; returns at once.</summary>
    public void Defer(Action<ILogger> write)
    {
        lock (_gate)
        {
            _pending.Add(write);
            _dueAt = Stopwatch.GetTimestamp() + (long)(FirstReplyWait.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <inheritdoc/>
    public long? DueAt
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0 ? null : _dueAt;
            }
        }
    }

    /// <inheritdoc/>
    public void WriteDue()
    {
        if (DueAt is { } due && Stopwatch.GetTimestamp() >= due)
        {
            WritePending();
        }
    }

    /// <summary>Writes the lines not written yet; called before every audit line.</summary>
    public void WritePending()
    {
        lock (_gate)
        {
            foreach (var write in _pending)
            {
                write(log);
            }

            _pending.Clear();
        }
    }
}
