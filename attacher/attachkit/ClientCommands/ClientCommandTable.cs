namespace AttachKit.Cli.ClientCommands;

/// <summary>Commands with client-side handling, listed explicitly: adding one is one line here.</summary>
internal static class ClientCommandTable
{
    private static readonly IReadOnlyDictionary<string, Func<IClientCommand>> Commands = new Dictionary<string, Func<IClientCommand>>(StringComparer.Ordinal)
    {
        ["heap-dump"] = () => new HeapDumpClientCommand(),
        ["trace"] = () => new TraceClientCommand(),
    };

    /// <summary>
    /// The handling for <paramref name="command"/>, a fresh one per invocation (it keeps the
    /// client-side options PrepareArguments took out for HandleAsync); none means the body is
    /// printed as it is.
    /// </summary>
    public static IClientCommand? Find(string command) => Commands.TryGetValue(command, out var create) ? create() : null;
}
