using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttachKit.Linux;
using AttachKit.Linux.Processes;
using AttachKit.Linux.Sockets;

namespace AttachKit.Agent.DiagnosticIpc;

/// <summary>
/// One connection to this process's own diagnostic server (the runtime's IPC socket
/// <c>dotnet-diagnostic-&lt;pid&gt;-&lt;start ticks&gt;-socket</c> in the TMPDIR the process started with), on a
/// plain descriptor (<see cref="UnixSocket"/>) whose every wait is poll(2) on the calling thread. Not the
/// Diagnostics client library: its connections are System.Net.Sockets sockets, put in the asynchronous mode
/// by its connect, and from then on even a blocking read waits for System.Net.Sockets' event thread,
/// which hands each readiness to the thread pool and so starts the pool of a process that never had one
/// (docs/INTERNALS.md, "The thread pool").
/// </summary>
internal sealed class DiagnosticConnection : IDisposable
{
    // How long the runtime may take none of a request's bytes; requests are a few hundred bytes.
    private static readonly TimeSpan SendStall = TimeSpan.FromSeconds(30);

    // How long a connect may keep finding the server's backlog full before it gives up.
    private static readonly TimeSpan BacklogWait = TimeSpan.FromSeconds(5);

    private readonly UnixSocket _socket;

    private DiagnosticConnection(UnixSocket socket)
    {
        _socket = socket;
        Continuation = new ContinuationStream(socket);
    }

    /// <summary>What the server sends after its reply (an EventPipe session's stream), read on the calling thread until the server closes it or this connection is disposed.</summary>
    public Stream Continuation { get; }

    /// <summary>Connects to this process's diagnostic server, and checks that this process is what listens there.</summary>
    /// <exception cref="DiagnosticServerException">Nothing of this process listens there (<see cref="DiagnosticServerFailure.Unreachable"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled while the backlog was full.</exception>
    public static DiagnosticConnection Open(CancellationToken cancellation)
    {
        var path = SocketPath();
        using var address = Address(path);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var socket = UnixSocket.TryConnect(address.Path, out var errno);
            if (socket is not null)
            {
                return Checked(socket, path);
            }

            // A full backlog fails a non-blocking connect at once; the server accepts on its own thread, soon.
            if (errno != Errno.Eagain || Stopwatch.GetElapsedTime(started) > BacklogWait)
            {
                throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, $"connecting to {path} failed: {Errno.Describe(errno)}");
            }

            if (cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10)))
            {
                cancellation.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Where this process's diagnostic server listens: the name the runtime gave its socket at start-up.</summary>
    public static string SocketPath()
    {
        var ticks = ProcessClock.StartTicks(File.ReadAllText("/proc/self/stat"))
            ?? throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, "/proc/self/stat has no start time");
        return Path.Join(StartingTemporaryDirectory(), string.Create(CultureInfo.InvariantCulture, $"dotnet-diagnostic-{Environment.ProcessId}-{ticks}-socket"));
    }

    /// <summary>Sends <paramref name="message"/> and reads the reply to it, and not a byte more.</summary>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long the whole reply may take (<see cref="Timeout.InfiniteTimeSpan"/>: no limit but <paramref name="cancellation"/>).</param>
    /// <param name="cancellation">Ends the wait (and the connection) when cancelled.</param>
    /// <exception cref="DiagnosticServerException">The server hung up without a reply, or sent something that is not one.</exception>
    /// <exception cref="TimeoutException">No whole reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    /// <exception cref="IOException">Sending failed.</exception>
    public IpcReply Request(IpcMessage message, TimeSpan timeout, CancellationToken cancellation)
    {
        new UnixSocketTransport(_socket, SendStall).Write(message.ToBytes());
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        using var wake = cancellation.Register(static socket => ((UnixSocket)socket!).Shutdown(), _socket);
        var header = new byte[IpcMessage.HeaderSize];
        ReadExactly(header, deadline, timeout, cancellation);
        if (!header.AsSpan(0, IpcMessage.Magic.Length).SequenceEqual(IpcMessage.Magic) || header[16] != 0xFF || header[17] is not (0x00 or 0xFF))
        {
            throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, "the diagnostic server's answer is not a diagnostic IPC reply");
        }

        var size = header[14] | (header[15] << 8);
        if (size < IpcMessage.HeaderSize)
        {
            throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, $"the diagnostic server's answer says it has {size} bytes, less than its header");
        }

        var payload = new byte[size - IpcMessage.HeaderSize];
        ReadExactly(payload, deadline, timeout, cancellation);
        return new IpcReply(header[17] == 0x00, payload);
    }

    /// <summary>Closes the connection; a thread reading <see cref="Continuation"/> wakes to its end.</summary>
    public void Dispose() => _socket.Dispose();

    // A path longer than a socket address holds is reached through a descriptor of its directory.
    private static SocketAddressPath Address(string path)
    {
        try
        {
            return SocketAddressPath.For(path);
        }
        catch (IOException e)
        {
            throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, $"cannot reach {path}: {e.Message}");
        }
    }

    // The listener must be this very process: a socket planted at the name in a shared TMPDIR (after a tmp
    // cleaner removed the runtime's) would otherwise be sent a dump's path, or answer a session with its own bytes.
    private static DiagnosticConnection Checked(UnixSocket socket, string path)
    {
        try
        {
            var peer = socket.Peer();
            if (peer.Pid != Environment.ProcessId)
            {
                throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, $"{path} is not this process's diagnostic server (process {peer.Pid}, uid {peer.Uid} listens there)");
            }

            return new DiagnosticConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // The runtime names its socket once, at start-up, in $TMPDIR as the process started with it (/tmp when
    // unset or empty): the app may have changed the variable since for its own code, /proc/self/environ has the first.
    private static string StartingTemporaryDirectory()
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes("/proc/self/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.GetTempPath();
        }

        var name = "TMPDIR="u8;
        for (var start = 0; start < environment.Length;)
        {
            var end = Array.IndexOf(environment, (byte)0, start);
            var variable = environment.AsSpan(start, (end < 0 ? environment.Length : end) - start);
            if (variable.StartsWith(name))
            {
                return variable.Length > name.Length ? Encoding.UTF8.GetString(variable[name.Length..]) : "/tmp";
            }

            start = end < 0 ? environment.Length : end + 1;
        }

        return "/tmp";
    }

    private void ReadExactly(Span<byte> buffer, long deadline, TimeSpan timeout, CancellationToken cancellation)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var left = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            var got = left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero ? -1 : _socket.Receive(buffer[read..], left);
            cancellation.ThrowIfCancellationRequested();
            if (got < 0)
            {
                throw new TimeoutException($"the diagnostic server did not answer within {timeout.TotalSeconds:0.#} s");
            }

            if (got == 0)
            {
                throw new DiagnosticServerException(DiagnosticServerFailure.Unreachable, read == 0 ? "the diagnostic server closed the connection without an answer" : "the diagnostic server's answer was cut off");
            }

            read += got;
        }
    }

    // The bytes after the reply, read straight from the socket: a read blocks in poll(2) until some come,
    // the server closes the stream (0), or the connection is disposed (0 after the shutdown, or ObjectDisposedException).
    private sealed class ContinuationStream(UnixSocket socket) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer) => buffer.IsEmpty ? 0 : socket.Receive(buffer, Timeout.InfiniteTimeSpan);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
