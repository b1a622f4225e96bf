using System.CommandLine;
using AttachKit.Cli;
using AttachKit.Cli.Inspection;
using AttachKit.Cli.NativeAot;

TraceEventImage.NameThisProcess();

// attachkit's own inspecting child (Inspection/InspectionChild.cs), started only by attachkit's full image.
if (args.Length > 0 && args[0] == InspectionChild.Verb)
{
    return TraceEventImage.InProcess ? InspectionChild.Run(args) : throw TraceEventImage.Unreachable();
}

var parsed = CommandLine.Parse(args);
if (parsed.Errors.Count > 0 && CommandLine.AsksForJson(args))
{
    return await FailureReport.WriteAsync(json: true, ExitCodes.Usage, string.Join(" ", parsed.Errors.Select(error => error.Message)));
}

// Ctrl+C and SIGTERM end attachkit at once, as they end cat: the agent sees the connection close.
// Left to the parser, they would start a signal-handling thread on every run; what must be undone
// first (a half-written file) registers for them itself (OnTermination).
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
