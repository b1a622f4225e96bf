using System.Diagnostics;
using System.Runtime.InteropServices;
using AttachKit.Protocol;
using Microsoft.Win32.SafeHandles;
using static AttachKit.Linux.Sockets.SocketMessages;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// Descriptors as SCM_RIGHTS ancillary data on a connected Unix stream socket (unix(7), cmsg(3)):
/// the one place in AttachKit that sends or receives them.
/// </summary>
/// <remarks>
/// Both directions use MSG_DONTWAIT, so they behave the same on a blocking socket and on a non-blocking
/// one (a .NET socket turns non-blocking once it was used asynchronously): a send waits for room itself; a receive returns at once, and its caller
/// (<see cref="UnixSocketTransport"/>) decides how to wait. Both take a socket's handle: AttachKit's
/// sockets are plain descriptors (<see cref="UnixSocket"/>).
/// </remarks>
internal static class ScmRights
{
    // Room for the largest batch; a smaller control buffer would make the kernel drop descriptors (MSG_CTRUNC).
    private static readonly int ControlBytes = Space(DescriptorBatches.MaxPerMessage * sizeof(int));

    /// <summary>
    /// Sends all of <paramref name="bytes"/>, with <paramref name="descriptors"/> attached to the first
    /// byte. The kernel duplicates the descriptors into the message; the caller keeps its own.
    /// </summary>
    /// <param name="socket">A connected Unix stream socket's descriptor.</param>
    /// <param name="bytes">What to send; at least one byte.</param>
    /// <param name="descriptors">At most <see cref="DescriptorBatches.MaxPerMessage"/>; none is allowed.</param>
    /// <param name="stall">
    /// How long the peer may take no bytes at all (<see cref="Timeout.InfiniteTimeSpan"/>: no limit), as
    /// SO_SNDTIMEO would: a slow reader is waited for, one that stopped reading is not.
    /// </param>
    /// <exception cref="ClosedDescriptorException">A descriptor to send is not open.</exception>
    /// <exception cref="IOException">The peer went away, or took nothing for longer than <paramref name="stall"/>.</exception>
    public static unsafe void Send(SafeHandle socket, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors, TimeSpan stall)
    {
        if (bytes.IsEmpty || descriptors.Length > DescriptorBatches.MaxPerMessage)
        {
            throw new ArgumentException($"descriptors travel with at least one byte, at most {DescriptorBatches.MaxPerMessage} per message");
        }

        Span<byte> control = stackalloc byte[descriptors.IsEmpty ? 0 : Space(descriptors.Length * sizeof(int))];
        if (!descriptors.IsEmpty)
        {
            WriteRights(control, descriptors);
        }

        fixed (byte* data = bytes)
        fixed (byte* rights = control)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                // The descriptors go with the first byte only.
                var withRights = sent == 0 && !control.IsEmpty;
                var message = new Message(data + sent, bytes.Length - sent, withRights ? rights : null, withRights ? control.Length : 0);
                var deadline = stall == Timeout.InfiniteTimeSpan
                    ? long.MaxValue
                    : Stopwatch.GetTimestamp() + (long)(stall.TotalSeconds * Stopwatch.Frequency);
                sent += (int)Transfer(socket, message, send: true, MsgDontWait | MsgNoSignal, deadline).Bytes;
            }
        }
    }

    /// <summary>
    /// Receives what has arrived, up to <paramref name="buffer"/>'s length of bytes, without waiting.
    /// Descriptors that come with them are received close-on-exec and added, owned, to <paramref name="received"/>.
    /// </summary>
    /// <returns>The number of bytes; 0 at the end of the stream; -1 when nothing has arrived yet.</returns>
    /// <exception cref="IOException">The kernel dropped descriptors (MSG_CTRUNC: this process hit its open-file limit), or the receive failed.</exception>
    public static unsafe int Receive(SafeHandle socket, Span<byte> buffer, ICollection<SafeFileHandle> received)
    {
        Span<byte> control = stackalloc byte[ControlBytes];
        Transferred result;
        fixed (byte* bytes = buffer)
        fixed (byte* rights = control)
        {
            // MSG_CMSG_CLOEXEC: a received descriptor must not leak into programs this process starts.
            var message = new Message(bytes, buffer.Length, rights, control.Length);
            result = Transfer(socket, message, send: false, MsgDontWait | MsgCmsgCloexec, deadline: 0);
        }

        if (result.Bytes < 0)
        {
            return -1;
        }

        foreach (var descriptor in ReadRights(control, result.ControlUsed))
        {
            received.Add(new SafeFileHandle(descriptor, ownsHandle: true));
        }

        if ((result.Flags & MsgCtrunc) != 0)
        {
            throw new IOException("descriptors sent by the agent were dropped by the kernel (MSG_CTRUNC): this process reached its open-file limit (ulimit -n)");
        }

        return (int)result.Bytes;
    }

    /// <summary>
    /// One sendmsg/recvmsg, retried on EINTR; EAGAIN waits for readiness until <paramref name="deadline"/>
    /// (send) or returns -1 bytes (receive).
    /// </summary>
    private static Transferred Transfer(SafeHandle handle, Message message, bool send, int flags, long deadline)
    {
        var added = false;
        try
        {
            // Held for the call, so that a concurrent Dispose unblocks it instead of closing a number it may reuse.
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            while (true)
            {
                var result = SocketMessages.Transfer(fd, send, message, flags);
                if (result.Bytes >= 0)
                {
                    return result;
                }

                if (result.Errno == Errno.Eintr)
                {
                    continue;
                }

                if (send && result.Errno == Errno.Ebadf && message.ControlLength > 0)
                {
                    // The socket itself is held open above, so EBADF means a descriptor in the message.
                    throw new ClosedDescriptorException("a descriptor to send was closed before it could be sent");
                }

                if (result.Errno != Errno.Eagain)
                {
                    throw Errno.Failure(send ? "sendmsg" : "recvmsg", null, result.Errno);
                }

                if (!send)
                {
                    return result;
                }

                WaitWritable(handle, deadline);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static void WaitWritable(SafeHandle socket, long deadline)
    {
        var left = deadline == long.MaxValue
            ? Timeout.InfiniteTimeSpan
            : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if ((left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero) || !Readiness.WaitWritable(socket, left))
        {
            throw new IOException("sending to the peer timed out: it stopped reading");
        }
    }
}
