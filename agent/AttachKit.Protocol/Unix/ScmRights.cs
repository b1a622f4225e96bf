using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace AttachKit.Protocol.Unix;

/// <summary>
/// Descriptors as SCM_RIGHTS ancillary data on a connected Unix stream socket (unix(7), cmsg(3)),
/// through Mono.Unix's sendmsg/recvmsg: the one place in AttachKit that sends or receives them.
/// </summary>
/// <remarks>
/// Both directions use MSG_DONTWAIT and wait for readiness themselves, so they behave the same on a
/// blocking socket and on one that .NET made non-blocking after an async call (FINDINGS).
/// Mono.Unix calls its native helper, libMonoPosixHelper.so, bound on first use: a program shipped
/// without it (a native attacher, say) works until it sends or receives descriptors, and then gets
/// an IOException that says what is missing.
/// </remarks>
internal static class ScmRights
{
    // Room for the largest batch; a smaller control buffer would make the kernel drop descriptors
    // (MSG_CTRUNC). Lazy: working it out is the first call into the native helper.
    private static readonly Lazy<int> ControlBytes = new(() => (int)Syscall.CMSG_SPACE(DescriptorBatches.MaxPerMessage * sizeof(int)));

    /// <summary>
    /// Sends all of <paramref name="bytes"/>, with <paramref name="descriptors"/> attached to the first
    /// byte. The kernel duplicates the descriptors into the message; the caller keeps its own.
    /// </summary>
    /// <exception cref="ClosedDescriptorException">A descriptor to send is not open.</exception>
    /// <exception cref="IOException">The peer went away, or sending took longer than <paramref name="timeout"/>.</exception>
    public static void Send(Socket socket, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors, TimeSpan timeout)
    {
        try
        {
            SendAll(socket, bytes, descriptors, timeout);
        }
        catch (DllNotFoundException e)
        {
            throw MissingHelper(e);
        }
    }

    /// <summary>
    /// Receives up to <paramref name="buffer"/>'s length of bytes, waiting for them asynchronously.
    /// Descriptors that come with them are received close-on-exec and added, owned, to <paramref name="received"/>.
    /// </summary>
    /// <returns>The number of bytes; 0 at the end of the stream.</returns>
    /// <exception cref="IOException">The kernel dropped descriptors (MSG_CTRUNC: this process hit its open-file limit), or the receive failed.</exception>
    public static async ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer, ICollection<SafeFileHandle> received, CancellationToken cancellationToken)
    {
        while (true)
        {
            int read;
            try
            {
                read = TryReceive(socket, buffer, received);
            }
            catch (DllNotFoundException e)
            {
                throw MissingHelper(e);
            }

            if (read >= 0)
            {
                return read;
            }

            // A zero-length MSG_PEEK receive completes once data is readable and consumes neither
            // bytes nor the descriptors attached to them.
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
    }

    private static unsafe void SendAll(Socket socket, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors, TimeSpan timeout)
    {
        if (bytes.IsEmpty || descriptors.Length > DescriptorBatches.MaxPerMessage)
        {
            throw new ArgumentException($"descriptors travel with at least one byte, at most {DescriptorBatches.MaxPerMessage} per message");
        }

        var deadline = timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var control = descriptors.IsEmpty ? null : Control(descriptors);
        fixed (byte* data = bytes)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                var message = new Msghdr
                {
                    msg_iov = [new Iovec { iov_base = (IntPtr)(data + sent), iov_len = (ulong)(bytes.Length - sent) }],
                    msg_iovlen = 1,
                };
                if (sent == 0 && control is not null)
                {
                    message.msg_control = control;
                    message.msg_controllen = control.Length;
                }

                sent += (int)Transfer(socket, message, write: true, deadline, static (fd, m) => Syscall.sendmsg(fd, m, MessageFlags.MSG_DONTWAIT | MessageFlags.MSG_NOSIGNAL));
            }
        }
    }

    /// <returns>The bytes read, 0 at the end of the stream, -1 when nothing is there yet.</returns>
    private static unsafe int TryReceive(Socket socket, Memory<byte> buffer, ICollection<SafeFileHandle> received)
    {
        using var pinned = buffer.Pin();
        var message = new Msghdr
        {
            msg_iov = [new Iovec { iov_base = (IntPtr)pinned.Pointer, iov_len = (ulong)buffer.Length }],
            msg_iovlen = 1,
            msg_control = new byte[ControlBytes.Value],
            msg_controllen = ControlBytes.Value,
        };

        // MSG_CMSG_CLOEXEC: a received descriptor must not leak into programs this process starts (FINDINGS).
        var read = Transfer(socket, message, write: false, deadline: null, static (fd, m) => Syscall.recvmsg(fd, m, MessageFlags.MSG_DONTWAIT | MessageFlags.MSG_CMSG_CLOEXEC));
        if (read < 0)
        {
            return -1;
        }

        for (var header = Syscall.CMSG_FIRSTHDR(message); header != -1; header = Syscall.CMSG_NXTHDR(message, header))
        {
            var cmsg = Cmsghdr.ReadFromBuffer(message, header);
            if (cmsg.cmsg_level != UnixSocketProtocol.SOL_SOCKET || cmsg.cmsg_type != UnixSocketControlMessage.SCM_RIGHTS)
            {
                continue;
            }

            var data = (int)Syscall.CMSG_DATA(message, header);
            var count = (int)((ulong)cmsg.cmsg_len - Syscall.CMSG_LEN(0)) / sizeof(int);
            for (var i = 0; i < count; i++)
            {
                received.Add(new SafeFileHandle(BitConverter.ToInt32(message.msg_control, data + (i * sizeof(int))), ownsHandle: true));
            }
        }

        if ((message.msg_flags & MessageFlags.MSG_CTRUNC) != 0)
        {
            throw new IOException("descriptors sent by the agent were dropped by the kernel (MSG_CTRUNC): this process reached its open-file limit (ulimit -n)");
        }

        return (int)read;
    }

    /// <summary>One sendmsg/recvmsg, retried on EINTR; EAGAIN waits for readiness (write) or returns -1 (read).</summary>
    private static long Transfer(Socket socket, Msghdr message, bool write, long? deadline, Func<int, Msghdr, long> call)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            // Held for the call, so that a concurrent Dispose unblocks it instead of closing a number it may reuse.
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            while (true)
            {
                var result = call(fd, message);
                if (result >= 0)
                {
                    return result;
                }

                var errno = Stdlib.GetLastError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                if (write && errno == Errno.EBADF && message.msg_control is not null)
                {
                    // The socket itself is held open above, so EBADF means a descriptor in the message.
                    throw new ClosedDescriptorException("a descriptor to send was closed before it could be sent");
                }

                if (errno is not (Errno.EAGAIN or Errno.EWOULDBLOCK))
                {
                    throw new IOException($"{(write ? "sendmsg" : "recvmsg")} failed: {errno}");
                }

                if (!write)
                {
                    return -1;
                }

                WaitWritable(socket, deadline!.Value);
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

    private static void WaitWritable(Socket socket, long deadline)
    {
        var microseconds = -1; // Socket.Poll: a negative time waits without limit
        if (deadline != long.MaxValue)
        {
            var left = (deadline - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency;
            microseconds = left > 0 ? (int)Math.Min(left, int.MaxValue) : 0;
        }

        if (microseconds == 0 || !socket.Poll(microseconds, SelectMode.SelectWrite))
        {
            throw new IOException("sending to the peer timed out: it stopped reading");
        }
    }

    private static IOException MissingHelper(DllNotFoundException e) => new(
        "passing descriptors needs Mono.Unix's native helper, libMonoPosixHelper.so (package Mono.Posix.NETStandard), beside the program or on the library path",
        e);

    private static byte[] Control(ReadOnlySpan<int> descriptors)
    {
        var length = (ulong)(descriptors.Length * sizeof(int));
        var message = new Msghdr { msg_control = new byte[Syscall.CMSG_SPACE(length)] };
        message.msg_controllen = message.msg_control.Length;
        var header = Syscall.CMSG_FIRSTHDR(message);
        new Cmsghdr
        {
            cmsg_len = (long)Syscall.CMSG_LEN(length),
            cmsg_level = UnixSocketProtocol.SOL_SOCKET,
            cmsg_type = UnixSocketControlMessage.SCM_RIGHTS,
        }.WriteToBuffer(message, header);
        var data = (int)Syscall.CMSG_DATA(message, header);
        for (var i = 0; i < descriptors.Length; i++)
        {
            BitConverter.TryWriteBytes(message.msg_control.AsSpan(data + (i * sizeof(int))), descriptors[i]);
        }

        return message.msg_control;
    }
}
