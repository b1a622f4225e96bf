using AttachKit.Linux.Sockets;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Tests;

/// <summary>Two connected Unix stream sockets, as an agent's connection and its client's (the receiver non-blocking, as the attacher's is).</summary>
internal sealed class SocketPair : IDisposable
{
    private readonly string _directory;

    private SocketPair(string directory, UnixSocket sender, UnixSocket receiver)
    {
        _directory = directory;
        Sender = sender;
        Receiver = receiver;
    }

    public UnixSocket Sender { get; }

    public UnixSocket Receiver { get; }

    public static SocketPair Connect()
    {
        var directory = Path.Combine("/tmp", "akp-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "s");
        using var listener = UnixSocket.Bind(path);
        listener.Listen(1);
        var receiver = UnixSocket.TryConnect(path, out var errno) ?? throw new IOException($"connect failed: errno {errno}");
        return new SocketPair(directory, listener.Accept(), receiver);
    }

    /// <summary>One read on the receiver, through a transport that waits on a thread of its own (not the test's).</summary>
    public Task<int> ReceiveAsync(Memory<byte> buffer, ICollection<SafeFileHandle> received)
        => Task.Run(async () => await new UnixSocketTransport(Receiver, Timeout.InfiniteTimeSpan).ReadAsync(buffer, received, CancellationToken.None));

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
