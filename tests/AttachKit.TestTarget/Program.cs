using AttachKit.TestTarget;

// Usage: AttachKit.TestTarget <scenario>. Each scenario prints "ready <pid>" once it is set up,
// then runs until standard input closes (the test's handle on its lifetime) or it is killed.
// Lines on standard input run the scenario's StdinCommands, each answered by "done <line>".
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
    if (line.Length > 0)
    {
        Console.WriteLine(StdinCommands.Run(line));
        Console.Out.Flush();
    }
}

return 0;
