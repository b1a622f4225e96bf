namespace AttachKit.Agent.DiagnosticIpc;

/// <summary>
/// The diagnostic server's answer to a request: OK (command set 0xFF, id 0x00) with the command's payload,
/// or an error (id 0xFF) whose payload starts with an HRESULT, which some commands follow with a message.
/// </summary>
internal readonly record struct IpcReply(bool Ok, byte[] Payload)
{
    /// <summary>The error's HRESULT (0 when the payload is too short to hold one).</summary>
    public uint ErrorCode => Payload.Length >= sizeof(uint) ? (uint)Number(0, sizeof(uint)) : 0;

    /// <summary>A uint64 of the payload, at <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The payload is too short.</exception>
    public ulong UInt64At(int offset) => Number(offset, sizeof(ulong));

    /// <summary>A string of the payload at <paramref name="offset"/> (the protocol's encoding); null when there is none or it does not fit.</summary>
    public string? StringAt(int offset)
    {
        if (Payload.Length < offset + sizeof(uint))
        {
            return null;
        }

        var units = (int)Math.Min(Number(offset, sizeof(uint)), int.MaxValue / sizeof(char));
        var start = offset + sizeof(uint);
        if (units == 0 || Payload.Length < start + (units * sizeof(char)))
        {
            return null;
        }

        var text = new char[units - 1];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (char)(Payload[start + (2 * i)] | (Payload[start + (2 * i) + 1] << 8));
        }

        return new string(text);
    }

    private ulong Number(int offset, int size)
    {
        if (Payload.Length < offset + size)
        {
            throw new IOException($"the diagnostic server's answer is cut short ({Payload.Length} bytes of payload)");
        }

        ulong value = 0;
        for (var i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | Payload[offset + i];
        }

        return value;
    }
}
