using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AttachKit.Agent.Hosting;

/// <summary><c>builder.Services.AddAttachAgent(options => …)</c>: the AttachKit agent in a Generic Host or ASP.NET Core app.</summary>
public static class AttachAgentServiceCollectionExtensions
{
    /// <summary>
    /// Installs the AttachKit agent in the app's host, with the app's logger and the configuration
    /// section <c>AttachKit</c>, and replaces the host's console lifetime with one that shuts down
    /// on SIGINT and SIGTERM exactly as it did but leaves SIGQUIT to the agent, so that attaching never
    /// stops the app. Call it while building the host, before anything writes to the console.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets options in code (commands, level switches…); the configuration section is applied after it.</param>
    /// <returns><paramref name="services"/>, to chain calls.</returns>
    public static IServiceCollection AddAttachAgent(this IServiceCollection services, Action<AttachAgentOptions>? configure = null)
        => services.AddAttachAgent((options, _) => configure?.Invoke(options));

    /// <summary>
    /// As <see cref="AddAttachAgent(IServiceCollection, Action{AttachAgentOptions}?)"/>, with the
    /// app's services at hand, e.g. for commands that act on them. Runs when the host starts.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets options in code, given the built service provider.</param>
    /// <returns><paramref name="services"/>, to chain calls.</returns>
    public static IServiceCollection AddAttachAgent(this IServiceCollection services, Action<AttachAgentOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        // Now, while the host is being built: building it creates the logging providers, whose first
        // console use starts the runtime's signal handling, after which an inherited ignored SIGQUIT
        // can no longer be undone (docs/INTERNALS.md, "Signals"). Signals until the host starts are answered then.
        AttachAgent.Arm(PosixSignal.SIGQUIT);

        var registration = services
            .Where(service => !service.IsKeyedService)
            .Select(service => service.ImplementationInstance)
            .OfType<AgentRegistration>()
            .FirstOrDefault();
        if (registration is null)
        {
            registration = new AgentRegistration();
            services.AddSingleton(registration);
            services.RemoveAll<IHostLifetime>();
            services.AddSingleton<IHostLifetime, AgentConsoleLifetime>();

            // First, so that its StartingAsync comes before every other service's.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AgentInstaller>());
        }

        registration.Add(configure);
        return services;
    }
}
