using System.Runtime.InteropServices;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// sendmsg(2)/recvmsg(2) from libc, with the structures and cmsg(3) arithmetic that SCM_RIGHTS
/// needs. Sizes follow the platform's size_t, so the layout is glibc's on 64- and 32-bit Linux alike.
/// </summary>
internal static unsafe partial class SocketMessages
{
    public const int SolSocket = 1;
    public const int ScmRights = 1;

    public const int MsgCtrunc = 0x8;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int MsgCmsgCloexec = 0x40000000;

    /// <summary>CMSG_SPACE: the control bytes one message needs for <paramref name="dataBytes"/> of payload.</summary>
    public static int Space(int dataBytes) => HeaderSize + Align(dataBytes);

    /// <summary>CMSG_LEN: a header's cmsg_len for <paramref name="dataBytes"/> of payload.</summary>
    public static int Length(int dataBytes) => HeaderSize + dataBytes;

    /// <summary>
    /// Writes one SCM_RIGHTS header carrying <paramref name="descriptors"/> at the start of
    /// <paramref name="control"/>, which is <see cref="Space"/> bytes for them.
    /// </summary>
    public static void WriteRights(Span<byte> control, ReadOnlySpan<int> descriptors)
    {
        var dataBytes = descriptors.Length * sizeof(int);
        MemoryMarshal.Write(control, new ControlHeader { Length = (nuint)Length(dataBytes), Level = SolSocket, Type = ScmRights });
        MemoryMarshal.AsBytes(descriptors).CopyTo(control[HeaderSize..]);
    }

    /// <summary>Every descriptor in the SCM_RIGHTS headers among the first <paramref name="used"/> control bytes.</summary>
    public static List<int> ReadRights(ReadOnlySpan<byte> control, int used)
    {
        var descriptors = new List<int>();
        control = control[..Math.Min(used, control.Length)];

        // CMSG_FIRSTHDR/CMSG_NXTHDR: each header starts at the aligned end of the one before.
        for (var offset = 0; offset + HeaderSize <= control.Length;)
        {
            var header = MemoryMarshal.Read<ControlHeader>(control[offset..]);
            var length = (int)header.Length;
            if (length < HeaderSize || offset + length > control.Length)
            {
                break;
            }

            if (header.Level == SolSocket && header.Type == ScmRights)
            {
                descriptors.AddRange(MemoryMarshal.Cast<byte, int>(control.Slice(offset + HeaderSize, length - HeaderSize)));
            }

            offset += Align(length);
        }

        return descriptors;
    }

    /// <summary>One sendmsg or recvmsg of <paramref name="message"/>.</summary>
    public static Transferred Transfer(int socket, bool send, Message message, int flags)
    {
        var vector = new IoVector { Base = message.Data, Length = (nuint)message.Length };
        var header = new MessageHeader
        {
            Vector = &vector,
            VectorLength = 1,
            Control = message.Control,
            ControlLength = (nuint)message.ControlLength,
        };
        var result = send ? SendMessage(socket, &header, flags) : ReceiveMessage(socket, &header, flags);
        return new Transferred(result, result < 0 ? Errno.Last : 0, header.Flags, (int)header.ControlLength);
    }

    /// <summary>The bytes to send or the room to receive into, and the control bytes that go with them (none: null, 0).</summary>
    public readonly struct Message(byte* data, int length, byte* control, int controlLength)
    {
        public byte* Data { get; } = data;

        public int Length { get; } = length;

        public byte* Control { get; } = control;

        public int ControlLength { get; } = controlLength;
    }

    /// <summary>
    /// What one call did: <paramref name="Bytes"/> moved (-1 on failure, with <paramref name="Errno"/>);
    /// after a receive, msg_flags and the control bytes the kernel filled in.
    /// </summary>
    public readonly record struct Transferred(nint Bytes, int Errno, int Flags, int ControlUsed);

    private static int HeaderSize => Align(sizeof(ControlHeader));

    private static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint ReceiveMessage(int socket, MessageHeader* message, int flags);

    // struct iovec
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    // struct msghdr
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vector;
        public nuint VectorLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    // struct cmsghdr (its data follows, aligned to size_t)
    [StructLayout(LayoutKind.Sequential)]
    private struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }
}
