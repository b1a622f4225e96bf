using System.Text;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// The file of a kept method map: a magic, the code epoch, the ranges (start, end, name), then the
/// sampled addresses the map did not name. Integers little-endian; strings as BinaryWriter writes them.
/// </summary>
internal static class MethodMapFile
{
    private static ReadOnlySpan<byte> Magic => "AKMETHODS\u0001"u8;

    public static byte[] Encode(CachedMethods methods)
    {
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(methods.Epoch);
        writer.Write(methods.Map.Count);
        foreach (var (start, end, name) in methods.Map.Ranges)
        {
            writer.Write(start);
            writer.Write(end);
            writer.Write(name);
        }

        writer.Write(methods.Unresolved.Count);
        foreach (var address in methods.Unresolved)
        {
            writer.Write(address);
        }

        writer.Flush();
        return bytes.ToArray();
    }

    /// <summary>The code epoch alone (what a dump request needs at once).</summary>
    /// <exception cref="InvalidDataException">Not a method map file.</exception>
    public static string ReadEpoch(byte[] bytes)
    {
        if (!bytes.AsSpan().StartsWith(Magic))
        {
            throw new InvalidDataException("not a method cache");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length), Encoding.UTF8);
            return reader.ReadString();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a method cache cut short", e);
        }
    }

    /// <exception cref="InvalidDataException">Not a method map file, or a damaged one.</exception>
    public static CachedMethods Decode(byte[] bytes)
    {
        var epoch = ReadEpoch(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length), Encoding.UTF8);
            reader.ReadString();
            var map = new MethodMap();
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                map.Add(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadString());
            }

            var unresolved = new HashSet<ulong>();
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                unresolved.Add(reader.ReadUInt64());
            }

            return new CachedMethods(epoch, map, unresolved);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a method cache cut short", e);
        }
    }
}
