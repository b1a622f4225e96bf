using System.Text;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// A reply read by docs/PROTOCOL.md §3 and §3.1 alone, as strictly as they are written: no code of the
/// project's reader, and every number below is the document's. Anything the grammar does not allow
/// throws <see cref="GrammarException"/> with where and why.
/// </summary>
/// <remarks>
/// <code>
/// reply        = status-line *chunk end-chunk final-status
/// status-line  = code SP message LF     ; ≤ 1024 bytes with the LF; message: UTF-8, no CR or LF
/// chunk        = size LF data           ; size: lowercase hex without leading zeros, 1..100000
/// end-chunk    = "0" LF
/// final-status = code SP message LF
/// </code>
/// </remarks>
internal static class DocumentGrammar
{
    /// <summary>The longest status line, its LF included.</summary>
    public const int MaxStatusLineBytes = 1024;

    /// <summary>The largest chunk: 0x100000 bytes.</summary>
    public const int MaxChunkBytes = 0x100000;

    /// <summary>The largest chunk that carries no descriptors: the agent's 16 KiB buffer.</summary>
    public const int MaxPlainChunkBytes = 16 * 1024;

    /// <summary>The most descriptors in one batch (one control message).</summary>
    public const int MaxBatch = 253;

    /// <summary>The codes of the status table.</summary>
    public const int HighestCode = 10;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the bytes of one whole connection, as they came read by read.</summary>
    public static WireReply Parse(IReadOnlyList<WireRead> reads)
    {
        var bytes = reads.SelectMany(read => read.Bytes).ToArray();
        var position = 0;
        var opening = StatusLine(bytes, ref position, "opening status line");
        var chunks = new List<WireChunk>();
        var body = new MemoryStream();
        while (true)
        {
            var start = position;
            var size = ChunkSize(bytes, ref position);
            if (size == 0)
            {
                break;
            }

            if (bytes.Length - position < size)
            {
                throw new GrammarException($"chunk at byte {start} announces {size} bytes; the connection ended after {bytes.Length - position}");
            }

            body.Write(bytes, position, size);
            position += size;
            chunks.Add(new WireChunk(start, position, size));
        }

        var final = StatusLine(bytes, ref position, "final status line");
        if (position != bytes.Length)
        {
            throw new GrammarException($"{bytes.Length - position} bytes follow the final status line");
        }

        if (opening.Code != 0 && (chunks.Count > 0 || final != opening))
        {
            throw new GrammarException($"a refusal ({opening}) must be followed by the end chunk and the same status only; got {chunks.Count} chunks and '{final}'");
        }

        var batches = Batches(reads, chunks);
        return new WireReply(opening, chunks, batches, body.ToArray(), final);
    }

    // code SP message LF: decimal code without leading zeros, one of the table's; strict UTF-8 without CR.
    private static StatusLine StatusLine(byte[] bytes, ref int position, string what)
    {
        var end = Array.IndexOf(bytes, (byte)'\n', position, Math.Min(MaxStatusLineBytes, bytes.Length - position));
        if (end < 0)
        {
            throw new GrammarException(bytes.Length - position >= MaxStatusLineBytes
                ? $"{what} at byte {position} has no LF within {MaxStatusLineBytes} bytes"
                : $"the connection ended inside the {what} (or before it), at byte {position}");
        }

        var line = bytes.AsSpan(position, end - position);
        var space = line.IndexOf((byte)' ');
        if (space < 1 || line[..space].ContainsAnyExceptInRange((byte)'0', (byte)'9') || (line[0] == '0' && space > 1))
        {
            throw new GrammarException($"{what} at byte {position} does not start with a decimal code without leading zeros and a space: '{Encoding.UTF8.GetString(line)}'");
        }

        var code = int.Parse(Encoding.ASCII.GetString(line[..space]), System.Globalization.CultureInfo.InvariantCulture);
        if (code > HighestCode)
        {
            throw new GrammarException($"{what}: code {code} is not in the status table");
        }

        string message;
        try
        {
            message = StrictUtf8.GetString(line[(space + 1)..]);
        }
        catch (DecoderFallbackException e)
        {
            throw new GrammarException($"{what}'s message is not UTF-8: {e.Message}");
        }

        if (message.Contains('\r', StringComparison.Ordinal))
        {
            throw new GrammarException($"{what}'s message holds a CR");
        }

        position = end + 1;
        return new StatusLine(code, message);
    }

    // size LF: "0", or lowercase hex without leading zeros up to 100000.
    private static int ChunkSize(byte[] bytes, ref int position)
    {
        var end = Array.IndexOf(bytes, (byte)'\n', position, Math.Min(7, bytes.Length - position));
        if (end < 0)
        {
            throw new GrammarException($"no chunk size line (at most 6 hex digits and LF) at byte {position}");
        }

        var digits = Encoding.ASCII.GetString(bytes, position, end - position);
        if (digits.Length == 0 || !digits.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') || (digits[0] == '0' && digits.Length > 1))
        {
            throw new GrammarException($"chunk size '{digits}' at byte {position} is not lowercase hex without leading zeros");
        }

        var size = Convert.ToInt32(digits, 16);
        if (size > MaxChunkBytes)
        {
            throw new GrammarException($"chunk size {digits} at byte {position} is over 100000");
        }

        position = end + 1;
        return size;
    }

    // §3.1: a batch comes with the read that returns the first byte of its chunk's size line, and that
    // read goes no further than the chunk; one batch a chunk, at most 253 descriptors. Chunks without
    // descriptors carry at most 16 KiB.
    private static IReadOnlyList<int> Batches(IReadOnlyList<WireRead> reads, IReadOnlyList<WireChunk> chunks)
    {
        var batches = new int[chunks.Count];
        var offset = 0;
        foreach (var read in reads)
        {
            var readEnd = offset + read.Bytes.Length;
            if (read.Descriptors > 0)
            {
                var index = chunks.ToList().FindIndex(chunk => chunk.Start >= offset && chunk.Start < readEnd);
                if (index < 0 || readEnd > chunks[index].End)
                {
                    throw new GrammarException($"{read.Descriptors} descriptors came with bytes {offset}..{readEnd}, which do not start a chunk's size line or go past that chunk");
                }

                if (read.Descriptors > MaxBatch || batches[index] > 0)
                {
                    throw new GrammarException($"chunk {index} carries more than one batch, or more than {MaxBatch} descriptors");
                }

                batches[index] = read.Descriptors;
            }

            offset = readEnd;
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            if (batches[i] == 0 && chunks[i].Size > MaxPlainChunkBytes)
            {
                throw new GrammarException($"chunk {i} carries no descriptors and {chunks[i].Size} bytes, over 16 KiB");
            }
        }

        return batches;
    }
}

/// <summary>What one receive returned: its bytes, and how many descriptors came with them.</summary>
internal sealed record WireRead(byte[] Bytes, int Descriptors);

/// <summary>A status line: its code and message.</summary>
internal sealed record StatusLine(int Code, string Message)
{
    public override string ToString() => $"{Code} {Message}";
}

/// <summary>A data chunk: from the first byte of its size line (<see cref="Start"/>) to just past its data (<see cref="End"/>).</summary>
internal sealed record WireChunk(int Start, int End, int Size);

/// <summary>A reply as the grammar reads it: <see cref="Batches"/> holds, per chunk, the descriptors it carried.</summary>
internal sealed record WireReply(StatusLine Opening, IReadOnlyList<WireChunk> Chunks, IReadOnlyList<int> Batches, byte[] Body, StatusLine Final);

/// <summary>The bytes broke the document's grammar.</summary>
internal sealed class GrammarException(string message) : Exception(message);
