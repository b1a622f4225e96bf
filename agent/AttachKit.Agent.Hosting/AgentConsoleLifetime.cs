using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttachKit.Agent.Hosting;

/// <summary>
/// The host's console lifetime, less one thing. Like the Generic Host's <c>ConsoleLifetime</c> it logs
/// the same status lines under <c>Microsoft.Hosting.Lifetime</c> and turns SIGINT and SIGTERM into a
/// graceful <see cref="IHostApplicationLifetime.StopApplication"/>. Unlike it, SIGQUIT never stops the
/// app: <c>ConsoleLifetime</c> treats SIGQUIT as "stop the application" (docs/INTERNALS.md, "Signals"), which would end
/// the app on every attach. SIGQUIT is the agent's; when the agent does not catch it (disabled,
/// another trigger signal) it is still caught here and only logged, so that it neither stops the
/// host nor kills the process with its default action.
/// </summary>
internal sealed partial class AgentConsoleLifetime(
    IHostEnvironment environment,
    IHostApplicationLifetime applicationLifetime,
    ILoggerFactory? loggerFactory = null) : IHostLifetime, IDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Microsoft.Hosting.Lifetime");
    private readonly List<IDisposable> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(applicationLifetime.ApplicationStarted.Register(OnStarted));
        _registrations.Add(applicationLifetime.ApplicationStopping.Register(OnStopping));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, KeepRunning));

        // Console apps start at once.
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Stop(PosixSignalContext context)
    {
        // Cancelling the default action (termination) and stopping the host instead: Main returns
        // once the host has stopped, and the process exits with Main's code.
        context.Cancel = true;
        applicationLifetime.StopApplication();
    }

    private void KeepRunning(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!AttachAgent.Catches(context.Signal))
        {
            LogQuitIgnored(context.Signal);
        }
    }

    private void OnStarted()
    {
        LogStarted();
        LogEnvironment(environment.EnvironmentName);
        LogContentRoot(environment.ContentRootPath);
    }

    private void OnStopping() => LogStopping();

    [LoggerMessage(Level = LogLevel.Information, Message = "Application started. Press Ctrl+C to shut down.")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Information, Message = "Hosting environment: {EnvName}")]
    private partial void LogEnvironment(string envName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content root path: {ContentRoot}")]
    private partial void LogContentRoot(string contentRoot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application is shutting down...")]
    private partial void LogStopping();

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {Signal}, which the AttachKit agent does not use here (disabled, or another trigger signal); the application keeps running")]
    private partial void LogQuitIgnored(PosixSignal signal);
}
