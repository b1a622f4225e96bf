using System.Net.Sockets;

namespace AttachKit.Attacher.Tests;

/// <summary>A stand-in listening at a socket path that answers every connection with fixed bytes, then closes.</summary>
internal sealed class FakeAgent : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public FakeAgent(string path, byte[] reply)
    {
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(8);
        _ = ServeAsync(reply);
    }

    public int Connections { get; private set; }

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(byte[] reply)
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptAsync();
                Connections++;
                await connection.ReceiveAsync(new byte[4096]);
                await connection.SendAsync(reply);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed at the end of the test.
        }
    }
}
