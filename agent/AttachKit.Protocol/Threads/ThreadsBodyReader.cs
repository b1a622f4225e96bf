using System.Buffers.Binary;
using System.Text;

namespace AttachKit.Protocol.Threads;

/// <summary>
/// Reads a <see cref="ThreadsBody"/> up to its trace: the sections before it, decoded. After
/// <see cref="ReadHeaders"/> the stream is positioned at the first byte of the raw trace.
/// </summary>
internal sealed class ThreadsBodyReader(Stream input)
{
    /// <summary>Reads the magic and every section up to the trace's header.</summary>
    /// <exception cref="ProtocolException">The bytes are not a threads body, or a section is malformed.</exception>
    public ThreadsBodyHeaders ReadHeaders()
    {
        Span<byte> magic = stackalloc byte[ThreadsBody.Magic.Length];
        ReadExactly(magic, "magic");
        if (!magic.SequenceEqual(ThreadsBody.Magic))
        {
            throw new ProtocolException("the body does not start with the threads magic (is this a threads reply of a matching version?)");
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new List<TaskSnapshot>();
        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            ReadExactly(header, "section header");
            var tag = Encoding.ASCII.GetString(header[..4]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (tag == ThreadsBody.TraceTag)
            {
                return new ThreadsBodyHeaders(info, tables);
            }

            if (length > ThreadsBody.MaxSectionBytes)
            {
                throw new ProtocolException($"section '{tag}' claims {length} bytes, more than {ThreadsBody.MaxSectionBytes}");
            }

            var payload = new byte[length];
            ReadExactly(payload, $"section '{tag}'");
            var reader = new PayloadReader(payload, tag);
            switch (tag)
            {
                case ThreadsBody.InfoTag:
                    ReadInfo(reader, info);
                    break;
                case ThreadsBody.TasksTag:
                    tables.Add(ReadTasks(reader));
                    break;
                default:
                    // A newer agent's section: skipped, as PROTOCOL.md asks of readers.
                    break;
            }
        }
    }

    private static void ReadInfo(PayloadReader reader, Dictionary<string, string> info)
    {
        var count = reader.UInt16();
        for (var i = 0; i < count; i++)
        {
            info[reader.String()] = reader.String();
        }
    }

    private static TaskSnapshot ReadTasks(PayloadReader reader)
    {
        var timestamp = TimeSpan.FromMicroseconds(reader.Int64());
        var count = reader.Int32();
        if (count < 0 || count > reader.Remaining / 24)
        {
            throw new ProtocolException($"task table claims {count} threads, more than its section holds");
        }

        var tasks = new List<TaskEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var tid = reader.Int32();
            var state = (char)reader.Byte();
            var flags = reader.Byte();
            var user = TimeSpan.FromMicroseconds(reader.Int64());
            var system = TimeSpan.FromMicroseconds(reader.Int64());
            tasks.Add(new TaskEntry(tid, reader.String(), state, user, system, (flags & 1) != 0));
        }

        return new TaskSnapshot(timestamp, tasks);
    }

    private void ReadExactly(Span<byte> destination, string what)
    {
        try
        {
            input.ReadExactly(destination);
        }
        catch (EndOfStreamException)
        {
            throw new ProtocolException($"the threads body ended inside its {what}");
        }
    }

    private sealed class PayloadReader(byte[] payload, string tag)
    {
        private int _offset;

        public int Remaining => payload.Length - _offset;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public string String() => Encoding.UTF8.GetString(Take(UInt16()));

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > Remaining)
            {
                throw new ProtocolException($"section '{tag}' ends in the middle of a field");
            }

            var span = payload.AsSpan(_offset, count);
            _offset += count;
            return span;
        }
    }
}

/// <summary>What came before the trace in a threads body.</summary>
/// <param name="Info">The facts of the <see cref="ThreadsBody.InfoTag"/> section.</param>
/// <param name="Tables">The thread tables, in order: with a CPU interval, the first is its start and the last its end.</param>
internal sealed record ThreadsBodyHeaders(IReadOnlyDictionary<string, string> Info, IReadOnlyList<TaskSnapshot> Tables);
