using System.Runtime.InteropServices;
using AttachKit.Agent.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AttachKit.Agent.Hosting;

/// <summary>What AddAttachAgent was given (each call adds its delegate), turned into options when the host starts.</summary>
internal sealed class AgentRegistration
{
    private readonly List<Action<AttachAgentOptions, IServiceProvider>> _configure = [];

    public void Add(Action<AttachAgentOptions, IServiceProvider> configure) => _configure.Add(configure);

    /// <summary>Code first, then the configuration section (an operator's word wins), then the app's logger if none was set.</summary>
    /// <exception cref="InvalidOperationException">A configuration value is not valid, or the trigger is a shutdown signal.</exception>
    public AttachAgentOptions CreateOptions(IServiceProvider services)
    {
        var options = new AttachAgentOptions();
        foreach (var configure in _configure)
        {
            configure(options, services);
        }

        if (services.GetService<IConfiguration>() is { } configuration)
        {
            AgentConfiguration.Apply(configuration.GetSection(AgentConfiguration.SectionName), options);
        }

        if (options.TriggerSignal is PosixSignal.SIGINT or PosixSignal.SIGTERM)
        {
            throw new InvalidOperationException($"the AttachKit trigger signal cannot be {options.TriggerSignal}: the host shuts down on it");
        }

        options.Logger ??= AgentLogger.From(services);
        return options;
    }
}
