namespace AttachKit.Protocol;

/// <summary>
/// How a body that describes descriptors is cut into chunks, one chunk per batch of descriptors,
/// so that every batch travels with the chunk holding its own descriptions (docs/PROTOCOL.md).
/// </summary>
internal static class DescriptorBatches
{
    /// <summary>
    /// The most descriptors one message can carry: the kernel's SCM_MAX_FD (include/net/scm.h);
    /// sendmsg(2) fails with EINVAL past it.
    /// </summary>
    public const int MaxPerMessage = 253;

    /// <summary>One chunk of the body: bytes <see cref="Start"/>..<see cref="End"/> and the descriptors it carries.</summary>
    /// <param name="Start">Offset of the chunk's first body byte.</param>
    /// <param name="End">Offset just past its last byte.</param>
    /// <param name="First">Index of the first descriptor it carries.</param>
    /// <param name="Count">How many descriptors it carries (at least one).</param>
    public readonly record struct Batch(int Start, int End, int First, int Count);

    /// <summary>
    /// Cuts a body of <paramref name="bodyLength"/> bytes in which descriptor <c>i</c> is described from
    /// <c>descriptionStarts[i]</c> up to the next description (the last one up to the end of the body).
    /// The bytes before the first description go with the first batch. A batch holds at most
    /// <see cref="MaxPerMessage"/> descriptors and at most <see cref="ProtocolLimits.MaxChunkBytes"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The starts are not ascending within the body, or one description is too long for a chunk.</exception>
    public static IReadOnlyList<Batch> Plan(int bodyLength, ReadOnlySpan<int> descriptionStarts)
    {
        var count = descriptionStarts.Length;
        for (var i = 0; i < count; i++)
        {
            var previous = i == 0 ? 0 : descriptionStarts[i - 1];
            if (descriptionStarts[i] < previous || descriptionStarts[i] >= bodyLength)
            {
                throw new ArgumentException($"description {i} starts at {descriptionStarts[i]}, not after {previous} and within the {bodyLength}-byte body");
            }
        }

        var batches = new List<Batch>();
        var first = 0;
        while (first < count)
        {
            var start = first == 0 ? 0 : descriptionStarts[first];
            var taken = 0;
            while (first + taken < count && taken < MaxPerMessage)
            {
                var end = EndOf(first + taken, bodyLength, descriptionStarts);
                if (end - start > ProtocolLimits.MaxChunkBytes)
                {
                    if (taken == 0)
                    {
                        throw new ArgumentException($"the description of descriptor {first} does not fit in one {ProtocolLimits.MaxChunkBytes}-byte chunk");
                    }

                    break;
                }

                taken++;
            }

            batches.Add(new Batch(start, EndOf(first + taken - 1, bodyLength, descriptionStarts), first, taken));
            first += taken;
        }

        return batches;
    }

    private static int EndOf(int index, int bodyLength, ReadOnlySpan<int> starts)
        => index + 1 < starts.Length ? starts[index + 1] : bodyLength;
}
