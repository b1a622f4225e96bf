using System.Buffers.Binary;
using System.Text;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>Reads little-endian fields from bytes front to back; running out of bytes is a <see cref="GrammarException"/>.</summary>
/// <param name="bytes">The bytes.</param>
/// <param name="what">What they are, for messages ("the trace", "section 'TASK'").</param>
internal sealed class ByteCursor(byte[] bytes, string what)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How many bytes have been read.</summary>
    public int Position { get; private set; }

    public bool AtEnd => Position == bytes.Length;

    public byte Byte() => Take(1)[0];

    public short Int16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>7 bits a byte, least significant first; the high bit says another byte follows.</summary>
    public ulong VarInt()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    /// <summary>A uint16 length, then that many bytes of strict UTF-8.</summary>
    public string Utf8() => StrictUtf8.GetString(Take(UInt16()));

    /// <summary>UTF-16LE up to a 16-bit zero, which is read too.</summary>
    public string Utf16()
    {
        var start = Position;
        while (Int16() != 0)
        {
        }

        return Encoding.Unicode.GetString(bytes, start, Position - start - 2);
    }

    public void Expect(ReadOnlySpan<byte> expected)
    {
        if (!Take(expected.Length).SequenceEqual(expected))
        {
            throw new GrammarException($"{what} does not hold '{Encoding.ASCII.GetString(expected)}' at byte {Position - expected.Length}");
        }
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || bytes.Length - Position < count)
        {
            throw new GrammarException($"{what} ends inside a field at byte {Position}");
        }

        Position += count;
        return bytes.AsSpan(Position - count, count);
    }
}
