namespace AttachKit.Agent.Commands;

/// <summary>Every command the agent serves, listed explicitly: adding one is one line here.</summary>
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
    ]);

    public IReadOnlyList<IAttachCommand> All => _commands;

    public IEnumerable<string> Names => _commands.Select(command => command.Name);

    public IAttachCommand? Find(string name) => _commands.FirstOrDefault(command => command.Name == name);
}
