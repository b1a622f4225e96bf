using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>
/// The "listening" log line, written after the first reply rather than beside it: the default
/// logger's first event loads and JIT-compiles ≈ 200 of Serilog's methods, and on 2 cores that work
/// beside the first request made its reply 15–35 ms later (measured, medians). The first attach writes
/// the line before its own audit line; a thread of its own writes it when no attach has done so within
/// <see cref="FirstReplyWait"/>, so that it never goes missing and never comes after an audit line.
/// </summary>
internal sealed class ListeningAnnouncement(ILogger log)
{
    // Longer than a cold first reply takes (≈ 100 ms under load), short enough to read as "at once".
    private static readonly TimeSpan FirstReplyWait = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<(string Path, string Again)> _pending = [];

    /// <summary>Queues the line for <paramref name="path"/>; returns at once.</summary>
    public void Announce(string path, string again)
    {
        lock (_gate)
        {
            _pending.Add((path, again));
        }

        new Thread(() =>
        {
            Thread.Sleep(FirstReplyWait);
            WritePending();
        })
        {
            IsBackground = true,
            Name = "attach-announce",
        }.Start();
    }

    /// <summary>Writes the lines not written yet; called before every audit line.</summary>
    public void WritePending()
    {
        lock (_gate)
        {
            foreach (var (path, again) in _pending)
            {
                log.Information("AttachKit agent listening on {Path}{Again}", path, again);
            }

            _pending.Clear();
        }
    }
}
