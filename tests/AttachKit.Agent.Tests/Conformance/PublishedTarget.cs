using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>A target of a class of tests, its agent signalled and its socket published before the first.</summary>
public abstract class PublishedTarget(string scenario, params string[] arguments) : IAsyncLifetime
{
    private TargetApp? _target;

    public TargetApp Target => _target!;

    public string SocketPath => Target.SocketPath;

    public async Task InitializeAsync()
    {
        _target = await TargetApp.StartAsync(scenario, arguments);
        _target.Signal("QUIT");
        await _target.WaitForSocketAsync();
    }

    public Task DisposeAsync()
    {
        _target?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The "fds" scenario: a listener, a held file, a pipe and a deleted file for <c>fd-export</c>.</summary>
public sealed class HeldDescriptorsAgent() : PublishedTarget("fds");

/// <summary>300 files held open, for batches of descriptors.</summary>
public sealed class ManyDescriptorsAgent() : PublishedTarget("many-fds", "300");

/// <summary>An agent with <c>gc</c> disabled, for the refusals.</summary>
public sealed class NarrowAgent() : PublishedTarget("agent", "disable=gc");

/// <summary>An agent that serves one connection at a time.</summary>
public sealed class OneConnectionAgent() : PublishedTarget("agent", "max-connections=1");
