using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace AttachKit.Samples.Handoff;

/// <summary>
/// A tiny HTTP/1.1 server: every request gets <c>served by pid N</c> and the connection is closed.
/// Stopping means no more accepts; the connections already accepted are finished (drained).
/// </summary>
internal sealed class HttpServer
{
    private const int MaxHeadBytes = 8 * 1024;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _response = Response($"served by pid {Environment.ProcessId}\n");
    private long _served;
    private int _active;

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Accepts until <paramref name="stop"/>; a cancelled accept takes no connection, so none is lost.</summary>
    public async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"handoff server: accept failed: {e.SocketErrorCode}");
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            Interlocked.Increment(ref _active);
            _ = ServeAsync(client);
        }
    }

    /// <summary>Waits for the connections under way to finish, at most <paramref name="limit"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _active) > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using (client)
            using (var timeout = new CancellationTokenSource(ClientTimeout))
            {
                if (await ReadHeadAsync(client, timeout.Token))
                {
                    await client.SendAsync(_response, SocketFlags.None, timeout.Token);
                    Interlocked.Increment(ref _served);
                }

                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or took too long.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Reads up to the blank line that ends a request's head; false if the client stops before it.</summary>
    private static async Task<bool> ReadHeadAsync(Socket client, CancellationToken cancellationToken)
    {
        var head = new byte[MaxHeadBytes];
        var length = 0;
        while (length < head.Length)
        {
            var read = await client.ReceiveAsync(head.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            length += read;
            if (head.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Response(string body) => Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
}
