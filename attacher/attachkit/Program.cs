using AttachKit.Cli;

return await CommandLine.Build().Parse(args).InvokeAsync();
