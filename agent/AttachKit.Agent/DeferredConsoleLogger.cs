using Serilog;
using Serilog.Events;

namespace AttachKit.Agent;

/// <summary>
/// The default audit log: a Serilog console logger on standard error, created at its first event,
/// so that installing the agent loads and opens nothing for logging until there is something to log.
/// </summary>
internal sealed class DeferredConsoleLogger : ILogger
{
    private readonly Lazy<ILogger> _logger = new(() => new LoggerConfiguration()
        .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose)
        .CreateLogger());

    public void Write(LogEvent logEvent) => _logger.Value.Write(logEvent);
}
