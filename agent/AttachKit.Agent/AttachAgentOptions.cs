using System.Runtime.InteropServices;

namespace AttachKit.Agent;

/// <summary>How the agent behaves; passed to <see cref="AttachAgent.Install(Action{AttachAgentOptions}?)"/>.</summary>
public sealed class AttachAgentOptions
{
    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, turns the agent off entirely.</summary>
    public const string DisableVariable = "ATTACHKIT_DISABLE";

    /// <summary>Where attaches and problems are logged; by default a Serilog console logger on standard error.</summary>
    public Serilog.ILogger? Logger { get; set; }

    /// <summary>
    /// The signal that makes the agent publish its socket (default SIGQUIT, as the JVM does).
    /// Keep SIGQUIT unless it is taken: the runtime runs SIGQUIT handlers on a thread of their own,
    /// but handlers of other signals on the thread pool, which may be starved when people attach.
    /// </summary>
    public PosixSignal TriggerSignal { get; set; } = PosixSignal.SIGQUIT;

    /// <summary>The directory of the socket; by default <c>$TMPDIR</c>, or <c>/tmp</c> when unset.</summary>
    public string? SocketDirectory { get; set; }

    /// <summary>
    /// Names of commands this process refuses: powerful ones it does not want to expose, such as
    /// <c>fd-export</c> (which hands the attacher the process's own open files and sockets).
    /// </summary>
    public ISet<string> DisabledCommands { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Turns the agent off: <see cref="AttachAgent.Install(Action{AttachAgentOptions}?)"/> then only logs that it is off.</summary>
    public bool Disabled { get; set; }

    /// <summary>How long a command may run before its client gets a timed-out error and it is abandoned.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <c>env --unredacted</c> may show environment values that look secret (passwords,
    /// tokens, keys, credentials in URLs). Off by default: anyone who can attach (the process's owner
    /// or root) could read them in <c>/proc/&lt;pid&gt;/environ</c> anyway, but a diagnostic command
    /// should not put them in terminals, tickets and logs unless the app says so.
    /// </summary>
    public bool AllowUnredactedEnvironment { get; set; }

    /// <summary>How many connections are served at once; more get a busy reply.</summary>
    public int MaxConnections { get; set; } = 16;

    internal void Validate()
    {
        if (MaxConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "at least one connection must be allowed");
        }

        if (CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "the command timeout must be positive");
        }
    }

    internal static bool DisabledByEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(DisableVariable);
        return value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }
}
