using System.Runtime.InteropServices;

namespace AttachKit.Linux.Sockets;

/// <summary>getsockopt(2) at SOL_SOCKET (socket(7)).</summary>
internal static partial class SocketOptions
{
    public const int SocketLevel = 1;
    public const int PeerCredentials = 17;
    public const int AcceptConnections = 30;

    /// <summary>Reads option <paramref name="name"/> into <paramref name="value"/>.</summary>
    /// <exception cref="IOException">getsockopt failed (ENOTSOCK: not a socket).</exception>
    public static void Get(SafeHandle socket, int name, Span<byte> value)
    {
        using var held = new HeldDescriptor(socket);
        var length = value.Length;
        Errno.Check(GetOptionCall(held.Number, SocketLevel, name, value, ref length), "getsockopt");
    }

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetOptionCall(int socket, int level, int name, Span<byte> value, ref int length);
}
