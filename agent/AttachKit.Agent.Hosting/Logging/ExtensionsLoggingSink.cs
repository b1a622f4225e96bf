using Serilog;
using Serilog.Core;
using Serilog.Events;
using MicrosoftLogger = Microsoft.Extensions.Logging.ILogger;
using MicrosoftLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AttachKit.Agent.Hosting.Logging;

/// <summary>
/// A Serilog sink that writes to a Microsoft.Extensions.Logging logger: the level mapped, the
/// message rendered, and the event's properties passed on as structured state (with
/// <c>{OriginalFormat}</c>), so that JSON console output and other providers keep them.
/// </summary>
internal sealed class ExtensionsLoggingSink(MicrosoftLogger target) : ILogEventSink
{
    /// <summary>A Serilog logger whose every event goes to <paramref name="target"/>, which alone decides what is enabled.</summary>
    public static Serilog.ILogger CreateLogger(MicrosoftLogger target) => new LoggerConfiguration()
        .MinimumLevel.Verbose()
        .WriteTo.Sink(new ExtensionsLoggingSink(target))
        .CreateLogger();

    public void Emit(LogEvent logEvent)
    {
        var level = Map(logEvent.Level);
        if (target.IsEnabled(level))
        {
            target.Log(level, default, new LogEventState(logEvent), logEvent.Exception, static (state, _) => state.ToString());
        }
    }

    public static MicrosoftLevel Map(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => MicrosoftLevel.Trace,
        LogEventLevel.Debug => MicrosoftLevel.Debug,
        LogEventLevel.Information => MicrosoftLevel.Information,
        LogEventLevel.Warning => MicrosoftLevel.Warning,
        LogEventLevel.Error => MicrosoftLevel.Error,
        _ => MicrosoftLevel.Critical,
    };
}
