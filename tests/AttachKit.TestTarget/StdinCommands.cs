namespace AttachKit.TestTarget;

/// <summary>
/// Lines a test sends to a running target on its standard input (<c>allocate 256</c>), so that it
/// can change the target at the right moment. Scenarios register what they understand; the main
/// loop runs each line and answers <c>done &lt;line&gt;</c> (or <c>unknown &lt;line&gt;</c>).
/// </summary>
internal static class StdinCommands
{
    private static readonly Dictionary<string, Action<string[]>> Handlers = new(StringComparer.Ordinal)
    {
        // A full compacting collection, so that tests measuring memory see what is kept, not what awaits collection.
        ["gc"] = _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
    };

    public static void Register(string name, Action<string[]> handler) => Handlers[name] = handler;

    public static string Run(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !Handlers.TryGetValue(words[0], out var handler))
        {
            return $"unknown {line}";
        }

        handler(words[1..]);
        return $"done {line}";
    }
}
