using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using AttachKit.Linux.Processes;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;

namespace AttachKit.Attacher.Injection;

/// <summary>
/// The runtime's own diagnostic port in a .NET process: the socket
/// <c>dotnet-diagnostic-&lt;nspid&gt;-&lt;key&gt;-socket</c> in its TMPDIR (owner-only), where the key is the
/// process's start time in clock ticks since boot (proc(5) stat, field 22), and the one command AttachKit sends
/// there: ApplyStartupHook (docs/INTERNALS.md, "Loading the agent into a running process"). The socket is held
/// to the attacher's rules for any listener (<see cref="ListenerPlace"/>, <see cref="AttachConnector"/>): only a
/// socket of the target's user counts, and its listener must be the target before a byte is sent.
/// </summary>
internal static class DiagnosticPort
{
    // DOTNET_IPC_V1\0, then the total size (uint16), command set, command id, reserved (uint16).
    private static ReadOnlySpan<byte> Magic => "DOTNET_IPC_V1\0"u8;

    private const int HeaderSize = 20;
    private const byte ProcessCommandSet = 0x04;
    private const byte ApplyStartupHookCommand = 0x07;
    private const byte ServerCommandSet = 0xFF;
    private const byte Ok = 0x00;
    private const byte Error = 0xFF;

    /// <summary>The socket's name for a process: its pid in its own namespace and its start ticks.</summary>
    public static string SocketName(int namespacePid, long startTicks)
        => string.Create(CultureInfo.InvariantCulture, $"dotnet-diagnostic-{namespacePid}-{startTicks}-socket");

    /// <summary>Where the target's runtime listens; null when its start time cannot be read (it exited).</summary>
    /// <exception cref="IOException">Its TMPDIR cannot be opened.</exception>
    public static ListenerPlace? PlaceOf(TargetProcess target)
    {
        if (ProcessClock.StartTicksOf(target.Pid) is not { } ticks)
        {
            return null;
        }

        var directory = target.OpenDirectory(target.TemporaryDirectory());
        return new ListenerPlace(directory, SocketName(target.NamespacePid(), ticks), target.EffectiveIds().Uid, privatePrefix: null, target.ConnectIdentity(alwaysTheTargets: false));
    }

    /// <summary>
    /// Asks the runtime to run the startup hook at <paramref name="hookPath"/> (absolute, as the target sees
    /// it) and waits for its answer, which comes once the hook's <c>Initialize</c> has returned.
    /// </summary>
    /// <returns>Null when the runtime ran it; else what the runtime said, as an HRESULT.</returns>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>: the hook may still be running.</exception>
    /// <exception cref="IOException">The connection failed or closed without an answer.</exception>
    public static uint? ApplyStartupHook(UnixSocket socket, string hookPath, TimeSpan timeout)
    {
        var transport = new UnixSocketTransport(socket, timeout);
        transport.Write(Encode(hookPath));
        Span<byte> reply = stackalloc byte[HeaderSize + sizeof(uint)];
        var deadline = DateTime.UtcNow + timeout;
        for (var read = 0; read < reply.Length;)
        {
            var left = deadline - DateTime.UtcNow;
            var got = left <= TimeSpan.Zero ? -1 : socket.Receive(reply[read..], left);
            if (got < 0)
            {
                throw new TimeoutException($"the runtime did not answer within {timeout.TotalSeconds:0.#} s");
            }

            if (got == 0)
            {
                throw new IOException(read == 0 ? "the runtime closed the connection without an answer" : "the runtime's answer was cut off");
            }

            read += got;
        }

        if (!reply[..Magic.Length].SequenceEqual(Magic) || reply[16] != ServerCommandSet || reply[17] is not (Ok or Error))
        {
            throw new IOException("the runtime's answer is not a diagnostic IPC reply");
        }

        var code = BinaryPrimitives.ReadUInt32LittleEndian(reply[HeaderSize..]);
        return reply[17] == Ok ? null : code;
    }

    /// <summary>What an error HRESULT of the diagnostic server means for an injection.</summary>
    public static string Describe(uint hresult) => hresult switch
    {
        // DS_IPC_E_UNKNOWN_COMMAND: a runtime before .NET 8 has no ApplyStartupHook.
        0x80131385 => "its runtime does not know the command (a runtime older than .NET 8)",
        // DS_IPC_E_NOTSUPPORTED: a NativeAOT app's diagnostic server, which cannot load assemblies.
        0x80131515 => "its runtime cannot load assemblies (a NativeAOT app)",
        // DS_IPC_E_BAD_ENCODING, DS_IPC_E_UNKNOWN_MAGIC
        0x80131384 or 0x80131386 => "its runtime could not read the request",
        _ => string.Create(CultureInfo.InvariantCulture, $"its runtime answered error 0x{hresult:X8}"),
    };

    // Header, then the payload: the path as UTF-16, prefixed by its length in characters with the NUL.
    private static byte[] Encode(string hookPath)
    {
        var text = Encoding.Unicode.GetBytes(hookPath + "\0");
        var message = new byte[HeaderSize + sizeof(uint) + text.Length];
        Magic.CopyTo(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), checked((ushort)message.Length));
        message[16] = ProcessCommandSet;
        message[17] = ApplyStartupHookCommand;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(HeaderSize), (uint)(hookPath.Length + 1));
        text.CopyTo(message.AsSpan(HeaderSize + sizeof(uint)));
        return message;
    }
}
