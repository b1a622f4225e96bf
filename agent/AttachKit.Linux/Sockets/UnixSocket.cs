using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// A Unix stream socket on libc's own calls (socket(2), bind, listen, accept4, connect, recv, shutdown;
/// <see cref="ScmRights"/> sends, <see cref="Readiness"/> waits): the agent's listener and its
/// connections, and the attacher's connection to a listener.
/// Not System.Net.Sockets: its first socket in a process loads five assemblies, registers an
/// EventSource and starts an event thread that stays for the life of the process, which an agent in
/// someone else's process must not leave behind (docs/INTERNALS.md, "Sockets"). Waits are poll(2) with
/// a timeout, so no call here blocks past what its caller allows.
/// </summary>
internal sealed partial class UnixSocket : IDisposable
{
    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockNonblock = 0x800;
    private const int SockCloexec = 0x80000;
    private const int MsgDontWait = 0x40;
    private const int ShutRdwr = 2;

    // struct sockaddr_un: sa_family_t, then sun_path[108] (unix(7)).
    private const int AddressCapacity = sizeof(ushort) + 108;

    private UnixSocket(SafeFileHandle handle) => Handle = handle;

    /// <summary>The descriptor, held open by the handle until <see cref="Dispose"/>.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>The descriptor's number.</summary>
    public int Descriptor => (int)Handle.DangerousGetHandle();

    /// <summary>A new socket bound to <paramref name="path"/> (at most 107 bytes: see <see cref="SocketAddressPath"/> for longer ones).</summary>
    /// <exception cref="IOException">socket(2) or bind(2) failed.</exception>
    public static UnixSocket Bind(string path)
    {
        var socket = new UnixSocket(Checked(SocketCall(AfUnix, SockStream | SockCloexec, 0), "socket", path));
        try
        {
            Span<byte> address = stackalloc byte[AddressCapacity];
            Errno.Check(BindCall(socket.Handle, address, Address(path, address)), "bind", path);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new socket connected to the listener at <paramref name="path"/> (at most 107 bytes), or null with
    /// connect(2)'s errno: ENOENT (nothing there), ECONNREFUSED (nobody listens), EAGAIN (the listener's
    /// backlog is full: a non-blocking connect fails at once instead of waiting for room), EACCES, ….
    /// The socket is non-blocking: its reads and writes wait through <see cref="Readiness"/>.
    /// </summary>
    /// <exception cref="IOException">socket(2) failed (EMFILE and the like).</exception>
    public static UnixSocket? TryConnect(string path, out int errno)
    {
        var socket = new UnixSocket(Checked(SocketCall(AfUnix, SockStream | SockNonblock | SockCloexec, 0), "socket", path));
        Span<byte> address = stackalloc byte[AddressCapacity];
        var length = Address(path, address);
        while (ConnectCall(socket.Handle, address, length) < 0)
        {
            errno = Errno.Last;
            if (errno != Errno.Eintr)
            {
                socket.Dispose();
                return null;
            }
        }

        errno = 0;
        return socket;
    }

    /// <summary>
    /// Connects to the socket file that <paramref name="socketFile"/> (an O_PATH descriptor of it) names,
    /// through <c>/proc/self/fd/&lt;n&gt;</c>: the kernel resolves that link to the very file, so what was
    /// checked is what is connected to, whatever has since been renamed or planted at its path.
    /// </summary>
    /// <inheritdoc cref="TryConnect(string, out int)"/>
    public static UnixSocket? TryConnect(SafeHandle socketFile, out int errno)
    {
        using var held = new HeldDescriptor(socketFile);
        return TryConnect(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{held.Number}"), out errno);
    }

    /// <summary>Two connected sockets (socketpair(2)): a connection without a listener, for tests and in-process use.</summary>
    public static (UnixSocket First, UnixSocket Second) Pair()
    {
        Span<int> descriptors = stackalloc int[2];
        Errno.Check(SocketPairCall(AfUnix, SockStream | SockCloexec, 0, descriptors), "socketpair");
        return (new UnixSocket(new SafeFileHandle(descriptors[0], ownsHandle: true)), new UnixSocket(new SafeFileHandle(descriptors[1], ownsHandle: true)));
    }

    /// <summary>listen(2).</summary>
    /// <exception cref="IOException">listen(2) failed.</exception>
    public void Listen(int backlog) => Errno.Check(ListenCall(Handle, backlog), "listen");

    /// <summary>The next connection, waiting for one as long as it takes.</summary>
    /// <exception cref="ObjectDisposedException">The listener was closed, before or during the wait.</exception>
    /// <exception cref="IOException">accept4(2) failed (EMFILE and the like: worth trying again later).</exception>
    public UnixSocket Accept()
    {
        while (true)
        {
            var descriptor = AcceptCall(Handle, 0, 0, SockCloexec);
            if (descriptor >= 0)
            {
                return new UnixSocket(new SafeFileHandle(descriptor, ownsHandle: true));
            }

            var errno = Errno.Last;
            if (errno is Errno.Eintr or Errno.Econnaborted)
            {
                continue;
            }

            // shutdown(2) by Dispose wakes a blocked accept with EINVAL (net/unix/af_unix.c, unix_accept).
            throw errno == Errno.Einval ? new ObjectDisposedException(nameof(UnixSocket), "the listener was closed") : Errno.Failure("accept4", null, errno);
        }
    }

    /// <summary>The credentials of the process at the other end (SO_PEERCRED): for a connection made to a listener, the process that called listen(2).</summary>
    /// <exception cref="IOException">getsockopt failed.</exception>
    public PeerCredentials Peer() => PeerCredentials.Of(Handle);

    /// <summary>Waits until a read would not block (a connection to accept, bytes, or the end of the stream).</summary>
    /// <returns>False when <paramref name="timeout"/> passed first.</returns>
    public bool WaitReadable(TimeSpan timeout) => Readiness.WaitReadable(Handle, timeout);

    /// <summary>Reads what has arrived, waiting at most <paramref name="timeout"/> for something to.</summary>
    /// <returns>The bytes read, 0 at the end of the stream, -1 when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="IOException">recv(2) failed.</exception>
    public int Receive(Span<byte> buffer, TimeSpan timeout)
    {
        while (true)
        {
            var read = ReceiveCall(Handle, buffer, buffer.Length, MsgDontWait);
            if (read >= 0)
            {
                return (int)read;
            }

            var errno = Errno.Last;
            if (errno == Errno.Eagain && !WaitReadable(timeout))
            {
                return -1;
            }

            if (errno is not (Errno.Eintr or Errno.Eagain))
            {
                throw Errno.Failure("recv", null, errno);
            }
        }
    }

    /// <summary>Shuts the socket down both ways, which wakes any thread blocked on it; the descriptor stays open.</summary>
    public void Shutdown()
    {
        try
        {
            _ = ShutdownCall(Handle, ShutRdwr);
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }
    }

    /// <summary>Shuts the socket down, which wakes any thread blocked on it, and closes it once none uses it.</summary>
    public void Dispose()
    {
        Shutdown();
        Handle.Dispose();
    }

    // Fills in a struct sockaddr_un for the path, NUL-terminated; returns its length.
    private static int Address(string path, Span<byte> address)
    {
        address.Clear();
        MemoryMarshal.Write(address, (ushort)AfUnix);
        return sizeof(ushort) + Encoding.UTF8.GetBytes(path, address[sizeof(ushort)..^1]) + 1;
    }

    private static SafeFileHandle Checked(int descriptor, string call, string? path)
        => descriptor >= 0 ? new SafeFileHandle(descriptor, ownsHandle: true) : throw Errno.Failure(call, path, Errno.Last);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPairCall(int domain, int type, int protocol, Span<int> descriptors);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int BindCall(SafeFileHandle socket, ReadOnlySpan<byte> address, int length);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectCall(SafeFileHandle socket, ReadOnlySpan<byte> address, int length);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    private static partial int ListenCall(SafeFileHandle socket, int backlog);

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    private static partial int AcceptCall(SafeFileHandle socket, nint address, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint ReceiveCall(SafeFileHandle socket, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int ShutdownCall(SafeFileHandle socket, int how);
}
