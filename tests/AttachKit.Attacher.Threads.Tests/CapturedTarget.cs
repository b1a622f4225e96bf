using AttachKit.Protocol;
using AttachKit.Protocol.Threads;
using AttachKit.Testing;

namespace AttachKit.Attacher.Threads.Tests;

/// <summary>A target with blocked threads and one raw <c>threads</c> body captured from it, shared by a test class.</summary>
public sealed class CapturedTarget : IAsyncLifetime
{
    private TargetApp? _target;

    public TargetApp Target => _target!;

    /// <summary>The whole body of a <c>threads</c> reply, as the agent sent it.</summary>
    public byte[] Body { get; private set; } = [];

    /// <summary>Where the raw trace starts in <see cref="Body"/>.</summary>
    public int TraceStart { get; private set; }

    public async Task InitializeAsync()
    {
        _target = await TargetApp.StartAsync("threads-blocked");
        using var reply = await new AttachClient().SendAsync(_target.Pid, BuiltInCommands.Threads);
        using var body = new MemoryStream();
        await reply.CopyToAsync(body);
        Body = body.ToArray();
        using var stream = new MemoryStream(Body);
        new ThreadsBodyReader(stream).ReadHeaders();
        TraceStart = (int)stream.Position;
    }

    public Task DisposeAsync()
    {
        _target?.Dispose();
        return Task.CompletedTask;
    }
}
