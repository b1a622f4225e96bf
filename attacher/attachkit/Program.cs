using AttachKit.Attacher;
using AttachKit.Cli;
using AttachKit.Cli.NativeAot;

TraceEventImage.NameThisProcess();

var parsed = CommandLine.Parse(args);
if (parsed.Errors.Count > 0 && CommandLine.AsksForJson(args))
{
    return await FailureReport.WriteAsync(json: true, ExitCodes.Usage, string.Join(" ", parsed.Errors.Select(error => error.Message)));
}

return await parsed.InvokeAsync();
