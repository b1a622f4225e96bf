using System.Net.Sockets;
using System.Text;

namespace AttachKit.Testing;

/// <summary>A client that sends exactly the bytes it is given and returns exactly what came back.</summary>
public static class RawClient
{
    /// <summary>Connects, retrying while the listener's backlog is full (EAGAIN).</summary>
    public static async Task<Socket> ConnectAsync(string socketPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain && attempt < 1000)
            {
                socket.Dispose();
                await Task.Delay(5);
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads until the agent closes (or the timeout passes).</summary>
    public static async Task<string> ExchangeAsync(string socketPath, byte[] request, TimeSpan? timeout = null)
    {
        using var socket = await ConnectAsync(socketPath);
        try
        {
            await socket.SendAsync(request);
        }
        catch (SocketException)
        {
            // The agent may refuse and close before taking all of an oversized request: its reply still waits to be read.
        }

        return await ReadToCloseAsync(socket, timeout ?? TimeSpan.FromSeconds(15));
    }

    public static async Task<string> ReadToCloseAsync(Socket socket, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
