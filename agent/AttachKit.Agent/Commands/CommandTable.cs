using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// Every command the agent serves: the built-in ones, listed explicitly (adding one is one line
/// here; their names are <see cref="BuiltInCommands"/>, in the same order), then the app's own (<see cref="AttachAgentOptions.AddCommand"/>), which can neither
/// replace nor shadow a built-in one.
/// </summary>
internal sealed class CommandTable
{
    private readonly IReadOnlyList<IAttachCommand> _commands;

    private CommandTable(IReadOnlyList<IAttachCommand> commands) => _commands = commands;

    public static CommandTable BuiltIn() => new(
    [
        new HelpCommand(),
        new VersionCommand(),
        new FdsCommand(),
        new FdExportCommand(),
        new HeapCommand(),
        new GcCommand(),
        new HeapDumpCommand(),
        new TraceCommand(),
        new CountersCommand(),
        new ThreadPoolCommand(),
        new EnvCommand(),
        new AssembliesCommand(),
        new LogLevelCommand(),
        new ThreadsCommand(),
    ]);

    public IReadOnlyList<IAttachCommand> All => _commands;

    public IEnumerable<string> Names => _commands.Select(command => command.Name);

    public IAttachCommand? Find(string name) => _commands.FirstOrDefault(command => command.Name == name);

    /// <summary>This table with the app's commands after its own.</summary>
    /// <exception cref="ArgumentException">A name is taken (registration checks this first; this keeps the table sound whatever the caller).</exception>
    public CommandTable With(IReadOnlyList<IAttachCommand> appCommands)
    {
        var names = appCommands.Select(command => command.Name).ToList();
        var clash = names.FirstOrDefault(name => Find(name) is not null)
            ?? names.GroupBy(name => name).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (clash is not null)
        {
            throw new ArgumentException($"app command '{clash}' is a built-in command's name or was added twice", nameof(appCommands));
        }

        return new CommandTable([.. _commands, .. appCommands]);
    }
}
