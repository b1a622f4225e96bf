using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>Commands with client-side handling, by agent command name, listed explicitly: adding one is one line here.</summary>
internal static class ClientCommandTable
{
    private static readonly IReadOnlyDictionary<string, Func<IClientCommand>> Commands = new Dictionary<string, Func<IClientCommand>>(StringComparer.Ordinal)
    {
        [DescriptorExport.Command] = () => new FdExportClientCommand(),
        ["heap-dump"] = () => new HeapDumpClientCommand(),
        ["trace"] = () => new TraceClientCommand(),
        ["threads"] = () => new ThreadsClientCommand(),
    };

    /// <summary>A fresh handler for <paramref name="command"/>; none means the body is printed as it is.</summary>
    public static IClientCommand? Create(string command) => Commands.TryGetValue(command, out var create) ? create() : null;
}
