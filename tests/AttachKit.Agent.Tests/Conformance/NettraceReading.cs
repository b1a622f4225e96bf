using System.Text;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// The trace of a threads body read by what docs/PROTOCOL.md §6 says of it, and nothing else: the
/// nettrace objects, the blocks and their compressed event headers, the first ThreadSample of each
/// thread with its stack, and the rundown's MethodDCStopVerbose ranges.
/// </summary>
internal static class NettraceReading
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";
    private const string Rundown = "Microsoft-Windows-DotNETRuntimeRundown";
    private const int ThreadSample = 0;
    private const int MethodDCStopVerbose = 144;

    public static NettraceFacts Read(byte[] trace)
    {
        var reader = new ByteCursor(trace, "the trace");
        reader.Expect("Nettrace"u8);
        if (reader.Int32() != 20)
        {
            throw new GrammarException("the nettrace header's string is not 20 bytes long");
        }

        reader.Expect("!FastSerialization.1"u8);
        var facts = new NettraceFacts();
        var metadata = new Dictionary<int, (string Provider, int EventId)>();
        var stacks = new Dictionary<int, ulong[]>();
        while (reader.Byte() is var tag && tag != 1)
        {
            // BeginPrivateObject, then its type: BeginPrivateObject, NullReference, version, minimum reader version, name, EndObject.
            if (tag != 5)
            {
                throw new GrammarException($"object tag {tag} where 5 (BeginPrivateObject) belongs");
            }

            reader.Expect([5, 1]);
            var version = reader.Int32();
            reader.Int32();
            var name = Encoding.ASCII.GetString(reader.Take(reader.Int32()));
            reader.Expect([6]);

            if (name == "Trace")
            {
                facts.TraceVersion = version;
                reader.Take(8 * 2 + 8 + 8);
                facts.PointerSize = reader.Int32();
                facts.ProcessId = reader.Int32();
                reader.Take(4 + 4);
            }
            else
            {
                var size = reader.Int32();
                reader.Take((4 - (reader.Position % 4)) % 4); // counted from the trace's first byte
                var block = new ByteCursor(reader.Take(size).ToArray(), $"a {name}");
                facts.BlockVersions[name] = version;
                switch (name)
                {
                    case "MetadataBlock":
                    case "EventBlock":
                        Events(block, name == "MetadataBlock", metadata, stacks, facts);
                        break;
                    case "StackBlock" when facts.PointerSize != 8:
                        throw new GrammarException($"stacks of {facts.PointerSize}-byte addresses");
                    case "StackBlock":
                        var first = block.Int32();
                        var count = block.Int32();
                        for (var id = first; id < first + count; id++)
                        {
                            var addresses = new ByteCursor(block.Take(block.Int32()).ToArray(), "a stack");
                            var stack = new List<ulong>();
                            while (!addresses.AtEnd)
                            {
                                stack.Add((ulong)addresses.Int64());
                            }

                            stacks[id] = [.. stack];
                        }

                        break;
                }
            }

            reader.Expect([6]);
        }

        return reader.AtEnd ? facts : throw new GrammarException("bytes follow the NullReference tag that ends the trace");
    }

    // HeaderSize (int16, itself included), Flags (int16; bit 0: compressed headers), the rest of the header
    // skipped; then event blobs, each header field kept from the previous blob unless its flag bit says
    // it follows, every blob's previous values zero at the start of a block.
    private static void Events(ByteCursor block, bool isMetadata, Dictionary<int, (string, int)> metadata, Dictionary<int, ulong[]> stacks, NettraceFacts facts)
    {
        var headerSize = block.Int16();
        var flags = block.Int16();
        block.Take(headerSize - 4);
        if ((flags & 1) == 0)
        {
            throw new GrammarException("an event block without compressed headers");
        }

        int metadataId = 0, stackId = 0, payloadSize = 0;
        ulong threadId = 0;
        while (!block.AtEnd)
        {
            var fields = block.Byte();
            if ((fields & 1) != 0)
            {
                metadataId = (int)block.VarInt();
            }

            if ((fields & 2) != 0)
            {
                block.VarInt(); // sequence number (delta)
                block.VarInt(); // capture thread id
                block.VarInt(); // processor number
            }

            if ((fields & 4) != 0)
            {
                threadId = block.VarInt();
            }

            if ((fields & 8) != 0)
            {
                stackId = (int)block.VarInt();
            }

            block.VarInt(); // timestamp (delta)
            block.Take(((fields & 16) != 0 ? 16 : 0) + ((fields & 32) != 0 ? 16 : 0));
            if ((fields & 128) != 0)
            {
                payloadSize = (int)block.VarInt();
            }

            var payload = new ByteCursor(block.Take(payloadSize).ToArray(), "an event's payload");
            if (isMetadata)
            {
                // MetadataId, provider (UTF-16, NUL-terminated), event id, …
                var id = payload.Int32();
                metadata[id] = (payload.Utf16(), payload.Int32());
                continue;
            }

            switch (metadata[metadataId])
            {
                case (SampleProfiler, ThreadSample) when !facts.FirstStacks.ContainsKey(threadId):
                    facts.FirstStacks[threadId] = stacks.TryGetValue(stackId, out var stack)
                        ? stack
                        : throw new GrammarException($"a ThreadSample refers to stack {stackId}, which no earlier StackBlock holds");
                    break;
                case (Rundown, MethodDCStopVerbose):
                    // MethodID, ModuleID (uint64 each), MethodStartAddress (uint64), MethodSize, MethodToken, MethodFlags (uint32 each),
                    // then MethodNamespace and MethodName (UTF-16, NUL-terminated).
                    payload.Take(16);
                    var start = (ulong)payload.Int64();
                    var size = (uint)payload.Int32();
                    payload.Take(8);
                    facts.Methods.Add((start, size, payload.Utf16() + "." + payload.Utf16()));
                    break;
            }
        }
    }
}

/// <summary>What a trace holds for a thread dump.</summary>
internal sealed class NettraceFacts
{
    public int TraceVersion { get; set; }

    public int PointerSize { get; set; }

    public int ProcessId { get; set; }

    /// <summary>The version of each kind of block.</summary>
    public Dictionary<string, int> BlockVersions { get; } = [];

    /// <summary>Each sampled thread's first stack, innermost address first, by Linux tid.</summary>
    public Dictionary<ulong, ulong[]> FirstStacks { get; } = [];

    /// <summary>The rundown's code ranges and their methods' names.</summary>
    public List<(ulong Start, uint Size, string Name)> Methods { get; } = [];

    public string? MethodAt(ulong address) => Methods.FirstOrDefault(method => address >= method.Start && address < method.Start + method.Size).Name;
}
