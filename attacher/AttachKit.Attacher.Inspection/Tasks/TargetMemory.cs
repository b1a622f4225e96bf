using System.Buffers.Binary;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Reads the paused target's memory a page at a time and keeps the pages: following chains reads a few fields
/// of thousands of objects that lie close together, and each read of another process's memory is a system call.
/// Valid only while the target stays paused.
/// </summary>
internal sealed class TargetMemory(IDataReader reader)
{
    private const int PageSize = 4096;
    private readonly Dictionary<ulong, byte[]?> _pages = [];

    public int PointerSize { get; } = reader.PointerSize;

    public ulong ReadPointer(ulong address) => PointerSize == 8 ? ReadUInt64(address) : ReadUInt32(address);

    public ulong ReadUInt64(ulong address)
    {
        Span<byte> bytes = stackalloc byte[8];
        return Read(address, bytes) ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : 0;
    }

    public uint ReadUInt32(ulong address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return Read(address, bytes) ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;
    }

    public int ReadInt32(ulong address) => (int)ReadUInt32(address);

    public long ReadInt64(ulong address) => (long)ReadUInt64(address);

    public byte ReadByte(ulong address)
    {
        Span<byte> bytes = stackalloc byte[1];
        return Read(address, bytes) ? bytes[0] : (byte)0;
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="address"/>; false (and zeros) if any of it cannot be read.</summary>
    public bool Read(ulong address, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var page = address & ~(ulong)(PageSize - 1);
            var bytes = Page(page);
            if (bytes is null)
            {
                destination.Clear();
                return false;
            }

            var offset = (int)(address - page);
            var count = Math.Min(destination.Length, PageSize - offset);
            bytes.AsSpan(offset, count).CopyTo(destination);
            destination = destination[count..];
            address += (ulong)count;
        }

        return true;
    }

    private byte[]? Page(ulong page)
    {
        if (!_pages.TryGetValue(page, out var bytes))
        {
            bytes = new byte[PageSize];
            if (reader.Read(page, bytes) != PageSize)
            {
                bytes = null;
            }

            _pages[page] = bytes;
        }

        return bytes;
    }
}
