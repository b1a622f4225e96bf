using AttachKit.Linux.Sockets;
using AttachKit.Protocol;

namespace AttachKit.Agent.Listening;

/// <summary>
/// One connection as the dispatcher and its session serve it: the transport the request and the reply
/// travel over, who is at the other end, the descriptor's number (marked as the agent's own while it is
/// open, and shown by <c>fds</c> as this request's), and what closes it. Nothing here reads a socket:
/// the credentials are given, by the accept loop from SO_PEERCRED (<see cref="Accepted"/>) or by a test,
/// so that a session can be served over any transport.
/// </summary>
/// <param name="transport">Carries the request in and the reply out.</param>
/// <param name="peer">The process at the other end, as the kernel recorded it.</param>
/// <param name="descriptor">The connection's descriptor number in this process.</param>
/// <param name="closer">Closes the connection, which ends what the client reads.</param>
internal sealed class AttachConnection(IReplyTransport transport, PeerCredentials peer, int descriptor, IDisposable closer) : IDisposable
{
    // Bounds a write to a client that stopped reading: the write fails instead of holding a thread forever.
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public IReplyTransport Transport { get; } = transport;

    public PeerCredentials Peer { get; } = peer;

    public int Descriptor { get; } = descriptor;

    /// <summary>A connection the listener accepted, with its peer's credentials (SO_PEERCRED).</summary>
    /// <exception cref="IOException">getsockopt failed.</exception>
    public static AttachConnection Accepted(UnixSocket socket)
        => new(new UnixSocketTransport(socket, SendTimeout), socket.Peer(), socket.Descriptor, socket);

    /// <summary>Closes the connection.</summary>
    public void Dispose() => closer.Dispose();
}
