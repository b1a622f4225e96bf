using System.Runtime.InteropServices;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// The process at the other end of a Unix socket as the kernel recorded it (SO_PEERCRED, unix(7)): its
/// pid, uid and gid as this process's pid and user namespaces see them (0 for a pid, 65534 for an id,
/// when they cannot see them). For a connection made to a listener, the process that called listen(2).
/// </summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    /// <summary>Whether the socket is a listener (SO_ACCEPTCONN): a descriptor handed over as one must be one.</summary>
    /// <exception cref="IOException">Not a socket, or getsockopt failed.</exception>
    public static bool IsListening(SafeHandle socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        SocketOptions.Get(socket, SocketOptions.AcceptConnections, value);
        return MemoryMarshal.Read<int>(value) != 0;
    }

    /// <summary>Reads struct ucred { pid_t pid; uid_t uid; gid_t gid; } in native byte order.</summary>
    /// <exception cref="IOException">Not a Unix socket, or getsockopt failed.</exception>
    public static PeerCredentials Of(SafeHandle socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        SocketOptions.Get(socket, SocketOptions.PeerCredentials, ucred);
        return new PeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }
}
