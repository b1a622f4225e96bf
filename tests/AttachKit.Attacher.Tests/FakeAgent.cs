using System.Net.Sockets;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// A stand-in listening at a socket path that answers every connection with fixed bytes, then closes,
/// or, made with <c>holdOpen</c>, keeps the connection open after them until disposed (an agent still
/// working on its reply).
/// </summary>
internal sealed class FakeAgent : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _requestRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeAgent(string path, byte[] reply, bool holdOpen = false)
    {
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(8);
        _ = ServeAsync(reply, holdOpen);
    }

    public int Connections { get; private set; }

    /// <summary>Completes once a request has been read (and the reply sent).</summary>
    public Task RequestRead => _requestRead.Task;

    public void Dispose()
    {
        _disposed.Cancel();
        _listener.Dispose();
    }

    private async Task ServeAsync(byte[] reply, bool holdOpen)
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptAsync();
                Connections++;
                await connection.ReceiveAsync(new byte[4096]);
                await connection.SendAsync(reply);
                _requestRead.TrySetResult();
                if (holdOpen)
                {
                    await Task.Delay(Timeout.Infinite, _disposed.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Disposed at the end of the test.
        }
    }
}
