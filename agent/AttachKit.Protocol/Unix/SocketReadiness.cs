using System.Runtime.InteropServices;

namespace AttachKit.Protocol.Unix;

/// <summary>
/// poll(2) on one descriptor: waits until a read or a write would not block. The one wait of
/// <see cref="UnixSocket"/>, <see cref="ScmRights"/> and <see cref="UnixSocketTransport"/> (and of the
/// CLI's standard output, which may be a non-blocking pipe).
/// </summary>
public static partial class SocketReadiness
{
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;
    private const int Eintr = 4;

    /// <summary>Waits until a read would not block: bytes, a connection to accept, or the end of the stream.</summary>
    /// <param name="socket">The socket's descriptor, held open for the wait.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/>: no limit.</param>
    /// <returns>False when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="IOException">poll(2) failed.</exception>
    public static bool WaitReadable(SafeHandle socket, TimeSpan timeout) => Wait(socket, PollIn, timeout);

    /// <summary>Waits until a write would not block.</summary>
    /// <param name="socket">The socket's descriptor, held open for the wait.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/>: no limit.</param>
    /// <returns>False when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="IOException">poll(2) failed.</exception>
    public static bool WaitWritable(SafeHandle socket, TimeSpan timeout) => Wait(socket, PollOut, timeout);

    private static bool Wait(SafeHandle socket, short events, TimeSpan timeout)
    {
        var added = false;
        try
        {
            // Held for the wait, so that a concurrent close wakes it (shutdown) instead of closing a number that may be reused.
            socket.DangerousAddRef(ref added);
            var poll = new PollDescriptor { Descriptor = (int)socket.DangerousGetHandle(), Events = events };
            var milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
            var started = Environment.TickCount64;
            while (true)
            {
                var ready = Poll(ref poll, 1, milliseconds);
                if (ready >= 0)
                {
                    return ready > 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Eintr)
                {
                    throw new IOException($"poll failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
                }

                if (milliseconds > 0)
                {
                    milliseconds = (int)Math.Max(0, milliseconds - (Environment.TickCount64 - started));
                }
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    // struct pollfd
    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollDescriptor descriptors, nuint count, int timeout);
}
