using System.Runtime.InteropServices;
using AttachKit.Protocol.Unix;

namespace AttachKit.Agent.Unix;

/// <summary>The connected peer's pid, uid and gid as the kernel recorded them (SO_PEERCRED, unix(7)).</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads struct ucred { pid_t pid; uid_t uid; gid_t gid; } in native byte order.</summary>
    public static PeerCredentials Of(UnixSocket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        socket.GetOption(SolSocket, SoPeerCred, ucred);
        return new PeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }
}
