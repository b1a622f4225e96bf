// An app with no reference to AttachKit. It prints "ready <pid>", then does what its standard input says,
// a line at a time, answering "done <line>", until that input ends:
//   forbid   sets ATTACHKIT_DISABLE_INJECTION=1 in its own environment (after the attacher read the one it started with)
//   alive    nothing: a sign it still runs
Console.WriteLine($"ready {Environment.ProcessId}");
while (Console.ReadLine() is { } line)
{
    if (line == "forbid")
    {
        Environment.SetEnvironmentVariable("ATTACHKIT_DISABLE_INJECTION", "1");
    }

    Console.WriteLine($"done {line}");
}
