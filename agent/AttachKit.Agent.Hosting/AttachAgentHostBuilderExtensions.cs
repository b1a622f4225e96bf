using Microsoft.Extensions.Hosting;

namespace AttachKit.Agent.Hosting;

/// <summary><c>Host.CreateDefaultBuilder(args).UseAttachAgent(options => …)</c>: the <see cref="IHostBuilder"/> form.</summary>
public static class AttachAgentHostBuilderExtensions
{
    /// <summary>Installs the AttachKit agent in the host; see <see cref="AttachAgentServiceCollectionExtensions.AddAttachAgent(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{AttachAgentOptions}?)"/>.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Sets options in code; the configuration section <c>AttachKit</c> is applied after it.</param>
    /// <returns><paramref name="builder"/>, to chain calls.</returns>
    public static IHostBuilder UseAttachAgent(this IHostBuilder builder, Action<AttachAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices((_, services) => services.AddAttachAgent(configure));
    }

    /// <summary>As <see cref="UseAttachAgent(IHostBuilder, Action{AttachAgentOptions}?)"/>, with the app's services at hand.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Sets options in code, given the built service provider.</param>
    /// <returns><paramref name="builder"/>, to chain calls.</returns>
    public static IHostBuilder UseAttachAgent(this IHostBuilder builder, Action<AttachAgentOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices((_, services) => services.AddAttachAgent(configure));
    }
}
