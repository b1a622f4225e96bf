using AttachKit.Agent.Unix;
using AttachKit.Protocol;
using AttachKit.Protocol.Unix;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Agent.Listening;

/// <summary>
/// The reply side of a client's connection: bytes, and descriptors with them, through <see cref="ScmRights"/>.
/// A write fails when the client takes no bytes for <paramref name="sendTimeout"/>, so a client that
/// stopped reading cannot hold an agent thread. The request was read before (<see cref="RequestReceiver"/>).
/// </summary>
internal sealed class ConnectionTransport(UnixSocket connection, TimeSpan sendTimeout) : IReplyTransport
{
    public bool CanPassDescriptors => true;

    public void Write(ReadOnlySpan<byte> bytes) => Write(bytes, []);

    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors)
    {
        if (!bytes.IsEmpty || !descriptors.IsEmpty)
        {
            ScmRights.Send(connection.Handle, bytes, descriptors, sendTimeout);
        }
    }

    public void Flush()
    {
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, ICollection<SafeFileHandle> descriptors, CancellationToken cancellationToken)
        => throw new NotSupportedException("the agent reads only the request, and that before the reply");
}
