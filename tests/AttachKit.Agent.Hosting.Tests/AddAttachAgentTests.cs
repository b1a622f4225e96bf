using System.Runtime.InteropServices;
using AttachKit.Agent.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttachKit.Agent.Hosting.Tests;

/// <summary>
/// What AddAttachAgent registers and the options it makes at start. (AddAttachAgent arms the
/// trigger: this test process then catches SIGQUIT, which changes nothing else in it.)
/// </summary>
public class AddAttachAgentTests
{
    [Fact]
    public void ItReplacesTheHostLifetimeAndRegistersOneInstallerFirstHoweverOftenItIsCalled()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostedService, SomeService>();
        services.AddSingleton<IHostLifetime, SomeLifetime>();

        services.AddAttachAgent(options => options.DisabledCommands.Add("a"));
        services.AddAttachAgent(options => options.DisabledCommands.Add("b"));

        var lifetime = Assert.Single(services, service => service.ServiceType == typeof(IHostLifetime));
        Assert.Equal(typeof(AgentConsoleLifetime), lifetime.ImplementationType);
        Assert.Equal(typeof(AgentInstaller), services.First(service => service.ServiceType == typeof(IHostedService)).ImplementationType);
        Assert.Single(services, service => service.ImplementationType == typeof(AgentInstaller));
        var options = Registration(services).CreateOptions(services.BuildServiceProvider());
        Assert.Equal(["a", "b"], options.DisabledCommands.Order());
    }

    [Fact]
    public void ConfigurationComesAfterTheCodeAndTheCodeSeesTheAppsServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AttachKit:CommandTimeout"] = "5",
            ["AttachKit:DisabledCommands"] = "b",
        }).Build());
        services.AddSingleton(new Marker("from DI"));
        string? seen = null;
        services.AddAttachAgent((options, provider) =>
        {
            seen = provider.GetRequiredService<Marker>().Text;
            options.CommandTimeout = TimeSpan.FromSeconds(1);
            options.DisabledCommands.Add("a");
        });

        var options = Registration(services).CreateOptions(services.BuildServiceProvider());

        Assert.Equal("from DI", seen);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CommandTimeout);
        Assert.Equal(["a", "b"], options.DisabledCommands.Order());
    }

    [Fact]
    public void TheAppsSerilogLoggerIsPreferredThenItsOwnLoggingAndTheCodesChoiceAboveBoth()
    {
        var serilog = new Serilog.LoggerConfiguration().CreateLogger();
        var chosen = new Serilog.LoggerConfiguration().CreateLogger();
        var withSerilog = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton<Serilog.ILogger>(serilog);
        var withExtensionsLogging = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);

        var fromSerilog = Options(withSerilog).Logger;
        var bridged = Options(withExtensionsLogging).Logger;
        var fromCode = Options(withSerilog, options => options.Logger = chosen).Logger;

        Assert.NotNull(fromSerilog);
        Assert.NotSame(serilog, fromSerilog); // the same pipeline, with SourceContext AttachKit.Agent
        Assert.IsType<Serilog.Core.Logger>(bridged);
        Assert.Same(chosen, fromCode);
        Assert.Null(Options(new ServiceCollection()).Logger);
        Assert.Equal("AttachKit.Agent", AgentLogger.Category);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public void AShutdownSignalCannotBeTheTrigger(PosixSignal signal)
    {
        var services = new ServiceCollection();

        var failure = Assert.Throws<InvalidOperationException>(() => Options(services, options => options.TriggerSignal = signal));

        Assert.Contains($"cannot be {signal}: the host shuts down on it", failure.Message, StringComparison.Ordinal);
    }

    private static AttachAgentOptions Options(IServiceCollection services, Action<AttachAgentOptions>? configure = null)
    {
        services.AddAttachAgent(configure);
        return Registration(services).CreateOptions(services.BuildServiceProvider());
    }

    private static AgentRegistration Registration(IServiceCollection services)
        => (AgentRegistration)services.Single(service => service.ServiceType == typeof(AgentRegistration)).ImplementationInstance!;

    private sealed record Marker(string Text);

    private sealed class SomeService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class SomeLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
