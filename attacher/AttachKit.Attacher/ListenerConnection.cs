using System.Net.Sockets;
using AttachKit.Protocol;
using AttachKit.Linux.Sockets;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher;

/// <summary>
/// One connection to an attach listener (an agent's, or a HotSpot JVM's): its socket and the transport
/// over it. A read that finds nothing waits as <see cref="AttachClientOptions.WaitOnCallingThread"/>
/// says: in poll(2) on the calling thread, or, by default, without holding a thread, through
/// System.Net.Sockets' event engine watching the same descriptor (a <see cref="Socket"/> view that does
/// not own it, and a zero-byte peek receive, which consumes neither bytes nor the descriptors attached
/// to them).
/// </summary>
internal sealed class ListenerConnection : IDisposable
{
    private readonly UnixSocket _socket;
    private readonly List<SafeFileHandle> _unwanted = [];
    private Socket? _engineView;

    public ListenerConnection(UnixSocket socket, AttachClientOptions options)
    {
        _socket = socket;
        Transport = new UnixSocketTransport(socket, options.Timeout, options.ReplyTimeout, options.WaitOnCallingThread ? null : WaitThroughEngineAsync);
    }

    public IReplyTransport Transport { get; }

    /// <summary>Reads bytes (0 at the end of the stream) from a peer that sends no descriptors; any it does send are closed.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await Transport.ReadAsync(buffer, _unwanted, cancellationToken).ConfigureAwait(false);
        _unwanted.ForEach(descriptor => descriptor.Dispose());
        _unwanted.Clear();
        return read;
    }

    public void Dispose()
    {
        _engineView?.Dispose();
        _socket.Dispose();
    }

    private async ValueTask WaitThroughEngineAsync(CancellationToken cancellationToken)
    {
        _engineView ??= new Socket(new SafeSocketHandle(_socket.Handle.DangerousGetHandle(), ownsHandle: false));
        await _engineView.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
    }
}
