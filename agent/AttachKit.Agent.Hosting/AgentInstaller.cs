using Microsoft.Extensions.Hosting;

namespace AttachKit.Agent.Hosting;

/// <summary>
/// Installs the agent when the host starts, before any hosted service (Kestrel included) starts:
/// only then are the app's services, configuration and logger there to be used.
/// </summary>
internal sealed class AgentInstaller(IServiceProvider services, AgentRegistration registration) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        AttachAgent.Install(registration.CreateOptions(services));
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The agent keeps serving while the host stops (a stuck shutdown is worth attaching to); its
    // socket is removed when the process exits.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
