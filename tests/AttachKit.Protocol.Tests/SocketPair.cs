using System.Net.Sockets;

namespace AttachKit.Protocol.Tests;

/// <summary>Two connected Unix stream sockets, as an agent's connection and its client's.</summary>
internal sealed class SocketPair : IDisposable
{
    private readonly string _directory;

    private SocketPair(string directory, Socket sender, Socket receiver)
    {
        _directory = directory;
        Sender = sender;
        Receiver = receiver;
    }

    public Socket Sender { get; }

    public Socket Receiver { get; }

    /// <summary>Connects with async calls, as the attacher does, so the receiving socket is non-blocking (FINDINGS).</summary>
    public static async Task<SocketPair> ConnectAsync()
    {
        var directory = Path.Combine("/tmp", "akp-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var endpoint = new UnixDomainSocketEndPoint(Path.Combine(directory, "s"));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen();
        var receiver = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await receiver.ConnectAsync(endpoint);
        var sender = listener.Accept();
        return new SocketPair(directory, sender, receiver);
    }

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
