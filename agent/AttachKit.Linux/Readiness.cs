using System.Runtime.InteropServices;

namespace AttachKit.Linux;

/// <summary>
/// poll(2) on one descriptor: waits until a read or a write would not block. The one wait of the
/// sockets (<see cref="Sockets.UnixSocket"/>, <see cref="Sockets.ScmRights"/>) and of the CLI's standard
/// output, which may be a non-blocking pipe.
/// </summary>
internal static partial class Readiness
{
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;

    /// <summary>Waits until a read would not block: bytes, a connection to accept, or the end of the stream.</summary>
    /// <param name="descriptor">The descriptor, held open for the wait.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/>: no limit.</param>
    /// <returns>False when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="ObjectDisposedException">The descriptor is closed.</exception>
    /// <exception cref="IOException">poll(2) failed.</exception>
    public static bool WaitReadable(SafeHandle descriptor, TimeSpan timeout) => Wait(descriptor, PollIn, timeout);

    /// <summary>Waits until a write would not block.</summary>
    /// <inheritdoc cref="WaitReadable"/>
    public static bool WaitWritable(SafeHandle descriptor, TimeSpan timeout) => Wait(descriptor, PollOut, timeout);

    private static bool Wait(SafeHandle descriptor, short events, TimeSpan timeout)
    {
        var added = false;
        try
        {
            // Held for the wait, so that a concurrent close wakes it (shutdown) instead of closing a number that may be reused.
            descriptor.DangerousAddRef(ref added);
            var poll = new PollDescriptor { Descriptor = (int)descriptor.DangerousGetHandle(), Events = events };
            var milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
            var started = Environment.TickCount64;
            while (true)
            {
                var ready = Poll(ref poll, 1, milliseconds);
                if (ready >= 0)
                {
                    return ready > 0;
                }

                var errno = Errno.Last;
                if (errno != Errno.Eintr)
                {
                    throw Errno.Failure("poll", null, errno);
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
                descriptor.DangerousRelease();
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
