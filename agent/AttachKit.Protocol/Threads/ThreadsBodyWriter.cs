using System.Buffers.Binary;
using System.Text;

namespace AttachKit.Protocol.Threads;

/// <summary>Writes a <see cref="ThreadsBody"/>: the magic, the sections, then the start of the trace.</summary>
internal sealed class ThreadsBodyWriter(Stream output)
{
    /// <summary>Writes the magic; first, once.</summary>
    public void WriteMagic() => output.Write(ThreadsBody.Magic);

    /// <summary>Writes an <see cref="ThreadsBody.InfoTag"/> section.</summary>
    public void WriteInfo(IReadOnlyCollection<KeyValuePair<string, string>> facts)
    {
        var payload = new PayloadBuilder();
        payload.UInt16(checked((ushort)facts.Count));
        foreach (var (key, value) in facts)
        {
            payload.String(key);
            payload.String(value);
        }

        WriteSection(ThreadsBody.InfoTag, payload);
    }

    /// <summary>Writes a <see cref="ThreadsBody.TasksTag"/> section.</summary>
    public void WriteTasks(TaskSnapshot snapshot)
    {
        var payload = new PayloadBuilder();
        payload.Int64(ToMicroseconds(snapshot.Timestamp));
        payload.Int32(snapshot.Tasks.Count);
        foreach (var task in snapshot.Tasks)
        {
            payload.Int32(task.Tid);
            payload.Byte((byte)task.State);
            payload.Byte(task.ServesDump ? (byte)1 : (byte)0);
            payload.Int64(ToMicroseconds(task.UserCpu));
            payload.Int64(ToMicroseconds(task.SystemCpu));
            payload.String(task.Name);
        }

        WriteSection(ThreadsBody.TasksTag, payload);
    }

    /// <summary>Writes the header of the trace section; the raw trace bytes follow to the end of the body.</summary>
    public void BeginTrace()
    {
        Span<byte> header = stackalloc byte[8];
        Encoding.ASCII.GetBytes(ThreadsBody.TraceTag, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], ThreadsBody.ToEndOfBody);
        output.Write(header);
    }

    private static long ToMicroseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    private void WriteSection(string tag, PayloadBuilder payload)
    {
        Span<byte> header = stackalloc byte[8];
        Encoding.ASCII.GetBytes(tag, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)payload.Length);
        output.Write(header);
        output.Write(payload.Written);
    }

    private sealed class PayloadBuilder
    {
        private readonly MemoryStream _bytes = new();

        public int Length => (int)_bytes.Length;

        public ReadOnlySpan<byte> Written => _bytes.GetBuffer().AsSpan(0, Length);

        public void Byte(byte value) => _bytes.WriteByte(value);

        public void UInt16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            _bytes.Write(bytes);
        }

        public void Int32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            _bytes.Write(bytes);
        }

        public void Int64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            _bytes.Write(bytes);
        }

        /// <summary>A string: its UTF-8 length (uint16 LE), then its UTF-8 bytes; cut at 65535 bytes.</summary>
        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var length = Math.Min(bytes.Length, ushort.MaxValue);
            UInt16((ushort)length);
            _bytes.Write(bytes, 0, length);
        }
    }
}
