using System.Runtime.InteropServices;
using AttachKit.Agent.Commands;
using AttachKit.Agent.Logging;
using AttachKit.Protocol;
using Serilog.Core;

namespace AttachKit.Agent;

/// <summary>How the agent behaves; passed to <see cref="AttachAgent.Install(Action{AttachAgentOptions}?)"/>.</summary>
public sealed class AttachAgentOptions
{
    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, turns the agent off entirely.</summary>
    public const string DisableVariable = "ATTACHKIT_DISABLE";

    private readonly List<IAttachCommand> _appCommands = [];
    private readonly List<NamedLevelSwitch> _levelSwitches = [];

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

    /// <summary>The app's commands, in the order they were added.</summary>
    internal IReadOnlyList<IAttachCommand> AppCommands => _appCommands;

    /// <summary>The level switches <c>loglevel</c> shows and sets, in the order they were added.</summary>
    internal IReadOnlyList<NamedLevelSwitch> LevelSwitches => _levelSwitches;

    /// <summary>
    /// Adds a command of the app's own: <c>attachkit &lt;pid&gt; &lt;name&gt; [args…]</c> runs
    /// <paramref name="handler"/> on a dedicated thread under <see cref="CommandTimeout"/>; <c>help</c> lists it.
    /// </summary>
    /// <param name="name">ASCII letters, digits, '.', '_', '-', starting with a letter; at most 64 bytes (e.g. <c>cache.clear</c>).</param>
    /// <param name="summary">One line for <c>help</c>.</param>
    /// <param name="handler">What the command does.</param>
    /// <returns>These options, to chain calls.</returns>
    /// <exception cref="ArgumentException">The name is not allowed, is a built-in command's, or was added already.</exception>
    public AttachAgentOptions AddCommand(string name, string summary, AttachCommandHandler handler)
    {
        AppNameRules.Validate(name, "command");
        AppNameRules.ValidateSummary(summary, name);
        ArgumentNullException.ThrowIfNull(handler);
        if (BuiltInCommands.All.Contains(name) || BuiltInCommands.ReadFromOutside.Contains(name))
        {
            throw new ArgumentException($"'{name}' is a built-in command of AttachKit; choose another name (built-in: {string.Join(", ", BuiltInCommands.All.Concat(BuiltInCommands.ReadFromOutside))})", nameof(name));
        }

        if (_appCommands.Any(command => command.Name == name))
        {
            throw new ArgumentException($"a command named '{name}' was added already", nameof(name));
        }

        _appCommands.Add(new AppCommand(name, summary, handler));
        return this;
    }

    /// <summary>
    /// Registers a Serilog level switch under <paramref name="name"/> for the <c>loglevel</c> command,
    /// which shows it and changes it at run time.
    /// </summary>
    /// <param name="name">ASCII letters, digits, '.', '_', '-', starting with a letter, and not a level name (e.g. <c>app</c>).</param>
    /// <param name="levelSwitch">The switch the app's logger configuration is controlled by.</param>
    /// <returns>These options, to chain calls.</returns>
    /// <exception cref="ArgumentException">The name is not allowed, is a level's name, or was registered already.</exception>
    public AttachAgentOptions AddLevelSwitch(string name, LoggingLevelSwitch levelSwitch)
    {
        AppNameRules.Validate(name, "level switch");
        ArgumentNullException.ThrowIfNull(levelSwitch);
        if (LevelNames.TryParse(name, out _))
        {
            throw new ArgumentException($"'{name}' is a level's name; a switch named so would make 'loglevel {name}' ambiguous", nameof(name));
        }

        if (_levelSwitches.Any(entry => entry.Name == name))
        {
            throw new ArgumentException($"a level switch named '{name}' was registered already", nameof(name));
        }

        _levelSwitches.Add(new NamedLevelSwitch(name, levelSwitch));
        return this;
    }

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
