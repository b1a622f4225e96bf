using System.Diagnostics;
using System.Globalization;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// A progress line on standard error for transfers that last more than a second: rewritten in place
/// on a terminal, a line every few seconds when standard error is a file or a pipe.
/// </summary>
internal sealed class TransferProgress(string what)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private TimeSpan _lastShown = TimeSpan.Zero;
    private bool _shown;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Report(long bytes)
    {
        var elapsed = Elapsed;
        var every = _terminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        if (elapsed < Quiet || elapsed - _lastShown < every)
        {
            return;
        }

        _lastShown = elapsed;
        _shown = true;
        var line = string.Create(CultureInfo.InvariantCulture, $"attachkit: {what}: {Sizes.Format(bytes)} received in {elapsed.TotalSeconds:0} s");
        Console.Error.Write(_terminal ? "\r" + line + "\u001b[K" : line + "\n");
    }

    /// <summary>Ends the in-place line, if one was shown.</summary>
    public void Finish()
    {
        if (_shown && _terminal)
        {
            Console.Error.Write("\n");
        }
    }
}
