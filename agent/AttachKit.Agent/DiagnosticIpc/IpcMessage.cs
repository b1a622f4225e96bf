namespace AttachKit.Agent.DiagnosticIpc;

/// <summary>
/// A request to the runtime's diagnostic server, framed as its IPC protocol says
/// (dotnet/diagnostics, documentation/design-docs/ipc-protocol.md): a 20-byte header
/// (<c>DOTNET_IPC_V1\0</c>, the whole message's size as a uint16, the command set, the command id, two
/// reserved zero bytes), then the command's payload: numbers little-endian, a bool as one byte, a string
/// as its length in UTF-16 code units with the closing NUL (0 for none), then those code units.
/// </summary>
internal sealed class IpcMessage
{
    /// <summary>The header's size, in every message and every reply.</summary>
    public const int HeaderSize = 20;

    private const int SizeOffset = 14;

    private byte[] _bytes = new byte[256];
    private int _length = HeaderSize;

    public IpcMessage(byte commandSet, byte commandId)
    {
        Magic.CopyTo(_bytes);
        _bytes[16] = commandSet;
        _bytes[17] = commandId;
    }

    /// <summary>The first 14 bytes of every message and reply.</summary>
    public static ReadOnlySpan<byte> Magic => "DOTNET_IPC_V1\0"u8;

    public IpcMessage UInt32(uint value) => LittleEndian(value, sizeof(uint));

    public IpcMessage UInt64(ulong value) => LittleEndian(value, sizeof(ulong));

    public IpcMessage Bool(bool value)
    {
        Room(1);
        _bytes[_length++] = value ? (byte)1 : (byte)0;
        return this;
    }

    /// <summary>A string: null is sent as length 0, "" as a lone NUL.</summary>
    public IpcMessage String(string? value)
    {
        if (value is null)
        {
            return UInt32(0);
        }

        UInt32((uint)value.Length + 1);
        Room((value.Length + 1) * sizeof(char));
        foreach (var unit in value)
        {
            _bytes[_length++] = (byte)unit;
            _bytes[_length++] = (byte)(unit >> 8);
        }

        _bytes[_length++] = 0;
        _bytes[_length++] = 0;
        return this;
    }

    /// <summary>The whole message, its size filled in.</summary>
    /// <exception cref="InvalidOperationException">It holds more than the header's uint16 size can say.</exception>
    public ReadOnlySpan<byte> ToBytes()
    {
        if (_length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"a diagnostic IPC message holds at most {ushort.MaxValue} bytes; this one has {_length}");
        }

        _bytes[SizeOffset] = (byte)_length;
        _bytes[SizeOffset + 1] = (byte)(_length >> 8);
        return _bytes.AsSpan(0, _length);
    }

    // Written byte by byte: the protocol's order whatever the machine's.
    private IpcMessage LittleEndian(ulong value, int size)
    {
        Room(size);
        for (var i = 0; i < size; i++)
        {
            _bytes[_length++] = (byte)(value >> (8 * i));
        }

        return this;
    }

    private void Room(int more)
    {
        if (_length + more > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
        }
    }
}
