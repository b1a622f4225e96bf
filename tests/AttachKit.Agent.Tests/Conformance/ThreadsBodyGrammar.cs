using System.Buffers.Binary;
using System.Text;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// The body of <c>threads</c> read by docs/PROTOCOL.md §6 alone: the magic, sections of tag, length
/// and payload (INFO, TASK, unknown ones skipped), then the trace to the end of the body.
/// </summary>
internal static class ThreadsBodyGrammar
{
    private const int MaxSectionBytes = 16 * 1024 * 1024;

    public static ThreadsBodyParts Parse(byte[] body)
    {
        if (!body.AsSpan().StartsWith("AKTHREADS\u0001"u8))
        {
            throw new GrammarException("the threads body does not start with AKTHREADS and version 1");
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new List<IReadOnlyList<TaskRow>>();
        var position = 10;
        while (true)
        {
            if (body.Length - position < 8)
            {
                throw new GrammarException($"the body ends at byte {body.Length} without a TRCE section");
            }

            var tag = Encoding.ASCII.GetString(body, position, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(position + 4));
            position += 8;
            if (tag == "TRCE")
            {
                return length == uint.MaxValue
                    ? new ThreadsBodyParts(info, tables, body[position..])
                    : throw new GrammarException($"the TRCE section's length is {length:x}, not ffffffff");
            }

            if (length > MaxSectionBytes || length > body.Length - position)
            {
                throw new GrammarException($"section '{tag}' claims {length} bytes");
            }

            var payload = new ByteCursor(body.AsSpan(position, (int)length).ToArray(), $"section '{tag}'");
            position += (int)length;
            switch (tag)
            {
                case "INFO":
                    for (var count = payload.UInt16(); count > 0; count--)
                    {
                        info[payload.Utf8()] = payload.Utf8();
                    }

                    break;
                case "TASK":
                    tables.Add(Tasks(payload));
                    break;
                default:
                    continue;
            }

            if (!payload.AtEnd)
            {
                throw new GrammarException($"section '{tag}' has bytes left after its last field");
            }
        }
    }

    // int64 timestamp (µs), int32 count, then per thread: int32 tid, uint8 state, uint8 flags, int64 user µs, int64 system µs, string name.
    private static List<TaskRow> Tasks(ByteCursor payload)
    {
        payload.Int64();
        var rows = new List<TaskRow>();
        for (var count = payload.Int32(); count > 0; count--)
        {
            var tid = payload.Int32();
            var state = (char)payload.Byte();
            var flags = payload.Byte();
            var user = payload.Int64();
            var system = payload.Int64();
            rows.Add(new TaskRow(tid, state, (flags & 1) != 0, user + system, payload.Utf8()));
        }

        return rows;
    }
}

/// <summary>One thread of a TASK table.</summary>
internal sealed record TaskRow(int Tid, char State, bool ServesDump, long CpuMicroseconds, string Name);

/// <summary>What a threads body holds: the INFO pairs, the TASK tables in order, and the raw trace.</summary>
internal sealed record ThreadsBodyParts(IReadOnlyDictionary<string, string> Info, IReadOnlyList<IReadOnlyList<TaskRow>> Tables, byte[] Trace);
