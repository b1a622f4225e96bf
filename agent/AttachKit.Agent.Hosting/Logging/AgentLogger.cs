using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttachKit.Agent.Hosting.Logging;

/// <summary>
/// The agent's log in a hosted app, when the code set none: the app's Serilog logger if it put one
/// in its services (Serilog's hosting integration does), otherwise the app's own logging
/// (Microsoft.Extensions.Logging, category <c>AttachKit.Agent</c>) through a Serilog sink, so that
/// attaches go where the app's logs go and obey its filters. Serilog's static <c>Log.Logger</c> is
/// never read: it is global state the app may not have set, or set for something else.
/// </summary>
internal static class AgentLogger
{
    public const string Category = "AttachKit.Agent";

    public static Serilog.ILogger? From(IServiceProvider services)
    {
        if (services.GetService<Serilog.ILogger>() is { } serilog)
        {
            return serilog.ForContext(Serilog.Core.Constants.SourceContextPropertyName, Category);
        }

        return services.GetService<ILoggerFactory>() is { } factory
            ? ExtensionsLoggingSink.CreateLogger(factory.CreateLogger(Category))
            : null;
    }
}
