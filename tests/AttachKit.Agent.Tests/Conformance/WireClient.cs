using System.Diagnostics;
using AttachKit.Linux;
using AttachKit.Linux.Sockets;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// A client as docs/PROTOCOL.md §5 describes one: it connects, writes the request's bytes, and reads
/// the whole reply with recvmsg(2) and a control buffer for 253 descriptors (the Linux layer's
/// <see cref="ScmRights"/>), keeping each read's bytes and descriptors apart for
/// <see cref="DocumentGrammar"/>. Nothing of the project's reply reader is used.
/// </summary>
internal static class WireClient
{
    private const int ConnectionReset = 104;

    private static readonly TimeSpan SendStall = TimeSpan.FromSeconds(10);

    /// <summary>Connects, retrying while the listener's backlog is full (EAGAIN).</summary>
    public static UnixSocket Connect(string socketPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (UnixSocket.TryConnect(socketPath, out var errno) is { } socket)
            {
                return socket;
            }

            if (errno != Errno.Eagain || attempt == 1000)
            {
                throw Errno.Failure("connect", socketPath, errno);
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Sends <paramref name="request"/> (and half-closes when asked), then reads to the end.</summary>
    public static WireExchange Exchange(string socketPath, ReadOnlySpan<byte> request, bool halfClose = false, TimeSpan? timeout = null)
    {
        using var socket = Connect(socketPath);
        var sendFailure = Send(socket, request);
        if (halfClose)
        {
            Assert.Equal(0, Mono.Unix.Native.Syscall.shutdown(socket.Descriptor, Mono.Unix.Native.ShutdownOption.SHUT_WR));
        }

        return Receive(socket, sendFailure, timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Sends all of <paramref name="bytes"/>; the failure's message when the agent had closed its end (EPIPE) instead.</summary>
    public static string? Send(UnixSocket socket, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        try
        {
            ScmRights.Send(socket.Handle, bytes, [], SendStall);
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    /// <summary>Reads until the end of the stream; a reset (ECONNRESET) after bytes came ends it too, and is recorded.</summary>
    public static WireExchange Receive(UnixSocket socket, string? sendFailure, TimeSpan timeout)
    {
        var reads = new List<WireRead>();
        var descriptors = new List<SafeFileHandle>();
        var buffer = new byte[64 * 1024];
        var started = Stopwatch.StartNew();
        while (true)
        {
            var arrived = new List<SafeFileHandle>();
            int read;
            try
            {
                read = ScmRights.Receive(socket.Handle, buffer, arrived);
            }
            catch (IOException e) when (e.Message == Errno.Failure("recvmsg", null, ConnectionReset).Message)
            {
                return new WireExchange(reads, descriptors, sendFailure, Reset: true);
            }

            if (read == 0)
            {
                return new WireExchange(reads, descriptors, sendFailure, Reset: false);
            }

            if (read < 0)
            {
                var left = timeout - started.Elapsed;
                if (left <= TimeSpan.Zero || !socket.WaitReadable(left))
                {
                    throw new TimeoutException($"no end of the reply within {timeout.TotalSeconds} s; {reads.Sum(r => r.Bytes.Length)} bytes came");
                }

                continue;
            }

            reads.Add(new WireRead(buffer[..read], arrived.Count));
            descriptors.AddRange(arrived);
        }
    }
}

/// <summary>One connection's exchange: every read, the descriptors received (owned: dispose), and how it ended.</summary>
/// <param name="Reads">What each receive returned.</param>
/// <param name="Descriptors">The descriptors received, in arrival order.</param>
/// <param name="SendFailure">Why writing the request failed (EPIPE: the agent had closed), or null.</param>
/// <param name="Reset">Whether the end came as ECONNRESET rather than end-of-stream.</param>
internal sealed record WireExchange(IReadOnlyList<WireRead> Reads, IReadOnlyList<SafeFileHandle> Descriptors, string? SendFailure, bool Reset) : IDisposable
{
    /// <summary>The reply, read by the document's grammar.</summary>
    public WireReply ParseReply() => DocumentGrammar.Parse(Reads);

    public void Dispose()
    {
        foreach (var descriptor in Descriptors)
        {
            descriptor.Dispose();
        }
    }
}

/// <summary>Requests as §2 writes them: the version tag, the command and each argument NUL-terminated, then one more NUL.</summary>
internal static class WireRequest
{
    public static byte[] Of(params string[] commandAndArguments)
        => [.. "1\0"u8, .. commandAndArguments.SelectMany(field => System.Text.Encoding.UTF8.GetBytes(field + "\0")), 0];
}
