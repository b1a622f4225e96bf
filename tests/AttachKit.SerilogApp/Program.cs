using Serilog;
using Serilog.Core;
using Serilog.Events;

// Logs through Serilog 2 (the agent carries 3) to standard output. It prints "ready <pid> serilog=<version>",
// then for each line of standard input logs it and answers "done <line>", until that input ends.
Log.Logger = new LoggerConfiguration().WriteTo.Sink(new LineSink()).CreateLogger();
Console.WriteLine($"ready {Environment.ProcessId} serilog={typeof(Log).Assembly.GetName().Version}");
while (Console.ReadLine() is { } line)
{
    Log.Information("app logs {Line}", line);
    Console.WriteLine($"done {line}");
}

/// <summary>Writes each event as a line: Serilog 2 has no console sink of its own.</summary>
internal sealed class LineSink : ILogEventSink
{
    public void Emit(LogEvent logEvent) => Console.WriteLine("log: " + logEvent.RenderMessage());
}
