using AttachKit.Linux.Signals;

namespace AttachKit.Attacher;

/// <summary>How <see cref="AttachClient"/> attaches.</summary>
public sealed class AttachClientOptions
{
    /// <summary>How long to wait for the socket to appear and accept (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a reply may stay silent (default 60 s): between the request and the reply's first byte, and
    /// between any two bytes after. A target that sends nothing for longer is given up on
    /// (<see cref="AttachTimeoutException"/>), so a hung or hostile target cannot hold the attacher.
    /// </summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Signal the target even when it shows no sign of the agent (a .NET process without it dies of SIGQUIT).</summary>
    public bool Force { get; set; }

    /// <summary>
    /// Load the agent into a .NET 8+ process that does not have it, through the runtime's diagnostic port, before
    /// attaching (<see cref="AgentInjector"/>): it then stays in the process until the process exits. Without it,
    /// such a process is refused (<see cref="AgentNotFoundException"/>) and left as it was.
    /// </summary>
    public bool Inject { get; set; }

    /// <summary>The trigger signal the target's agent listens for (default SIGQUIT).</summary>
    public int Signal { get; set; } = Signals.Quit;

    /// <summary>
    /// Wait for the agent's reply on the calling thread, in poll(2), instead of through System.Net.Sockets'
    /// event thread and the thread pool (default false). For a program that does nothing else while it
    /// attaches, such as the attachkit CLI: its attach then starts no thread (the engine would start
    /// three). A cancellation still ends the wait at once.
    /// </summary>
    public bool WaitOnCallingThread { get; set; }

    /// <summary>Parses a signal given as a number or a name (QUIT, SIGQUIT, USR2, …).</summary>
    /// <exception cref="ArgumentException">Not a signal.</exception>
    public static int ParseSignal(string text) => Signals.Parse(text);
}
