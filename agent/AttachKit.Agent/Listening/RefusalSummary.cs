using System.Diagnostics;
using System.Globalization;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>
/// Keeps refusals (another user; every connection slot busy) from filling the app's log: the first in a
/// window is logged in full, the others are counted, and one line per window sums them up, by who was
/// refused. Without it, a loop of connections from any local user wrote a line each, as fast as the
/// agent could refuse them.
/// </summary>
internal sealed class RefusalSummary(ILogger log) : IDeferredLines
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private const int KindsNamed = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counted = new(StringComparer.Ordinal);
    private long _windowStart;
    private int _total;

    /// <inheritdoc/>
    public long? DueAt
    {
        get
        {
            lock (_gate)
            {
                return _total == 0 ? null : _windowStart + (long)(Window.TotalSeconds * Stopwatch.Frequency);
            }
        }
    }

    /// <summary>Whether this refusal is to be logged in full; otherwise it is counted for the summary.</summary>
    public bool LogInFull(PeerCredentials peer, ReplyStatus status)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_windowStart != 0 && Stopwatch.GetElapsedTime(_windowStart, now) < Window)
            {
                var kind = status.Code == StatusCode.Busy ? "busy" : string.Create(CultureInfo.InvariantCulture, $"uid {peer.Uid}");
                if (_counted.ContainsKey(kind) || _counted.Count < KindsNamed)
                {
                    _counted[kind] = _counted.GetValueOrDefault(kind) + 1;
                }

                _total++;
                return false;
            }

            WriteSummary();
            _windowStart = now;
            return true;
        }
    }

    /// <inheritdoc/>
    public void WriteDue()
    {
        lock (_gate)
        {
            if (DueAt is { } due && Stopwatch.GetTimestamp() >= due)
            {
                WriteSummary();
                _windowStart = 0;
            }
        }
    }

    private void WriteSummary()
    {
        if (_total == 0)
        {
            return;
        }

        var named = _counted.Values.Sum();
        var kinds = string.Join(", ", _counted.Select(kind => $"{kind.Key} ×{kind.Value}"))
            + (named < _total ? $", others ×{_total - named}" : "");
        log.Warning("AttachKit agent refused {Count} more connections in the {Seconds} s after the last one logged ({Kinds})", _total, (int)Window.TotalSeconds, kinds);
        _counted.Clear();
        _total = 0;
    }
}
