namespace AttachKit.Cli.ClientCommands;

/// <summary>Commands with client-side handling, listed explicitly: adding one is one line here.</summary>
internal static class ClientCommandTable
{
    private static readonly IReadOnlyList<IClientCommand> Commands =
    [
    ];

    /// <summary>The handling for <paramref name="command"/>; none means the body is printed as it is.</summary>
    public static IClientCommand? Find(string command) => Commands.FirstOrDefault(candidate => candidate.Name == command);
}
