using AttachKit.Attacher.Unix;

namespace AttachKit.Attacher;

/// <summary>How <see cref="AttachClient"/> attaches.</summary>
public sealed class AttachClientOptions
{
    /// <summary>How long to wait for the socket to appear and accept (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Signal the target even when it shows no sign of the agent (a .NET process without it dies of SIGQUIT).</summary>
    public bool Force { get; set; }

    /// <summary>The trigger signal the target's agent listens for (default SIGQUIT).</summary>
    public int Signal { get; set; } = Signals.Quit;

    /// <summary>Parses a signal given as a number or a name (QUIT, SIGQUIT, USR2, …).</summary>
    /// <exception cref="ArgumentException">Not a signal.</exception>
    public static int ParseSignal(string text) => Signals.Parse(text);
}
