namespace AttachKit.Cli.ClientCommands;

/// <summary>Commands with client-side handling, listed explicitly: adding one is one line here (its class names its command).</summary>
internal static class ClientCommandTable
{
    private static readonly Func<IClientCommand>[] Commands =
    [
        () => new FdExportClientCommand(),
        () => new HeapDumpClientCommand(),
        () => new TraceClientCommand(),
        () => new ThreadsClientCommand(),
    ];

    /// <summary>A fresh handler for <paramref name="command"/>; none means the body is printed as it is.</summary>
    public static IClientCommand? Create(string command)
    {
        // One made per run (Prepare keeps what it parsed for HandleAsync); the others made to be asked
        // their names are a few fields each.
        foreach (var create in Commands)
        {
            var candidate = create();
            if (candidate.Name == command)
            {
                return candidate;
            }
        }

        return null;
    }
}
