using AttachKit.TestTarget;

// Usage: AttachKit.TestTarget <scenario>. Each scenario prints "ready <pid>" once it is set up,
// then runs until standard input closes (the test's handle on its lifetime) or it is killed;
// meanwhile a line "gc" on standard input collects all garbage.
var name = args.Length > 0 ? args[0] : "agent";
if (!Scenarios.All.TryGetValue(name, out var scenario))
{
    Console.Error.WriteLine($"unknown scenario '{name}'; known: {string.Join(", ", Scenarios.All.Keys)}");
    return 2;
}

scenario(args.Skip(1).ToArray());
Console.WriteLine($"ready {Environment.ProcessId}");
Console.Out.Flush();
while (Console.In.ReadLine() is { } line)
{
    // "gc": a full compacting collection, so that tests measuring memory see what is kept, not what awaits collection.
    if (line == "gc")
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Console.WriteLine("collected");
    }
}

return 0;
