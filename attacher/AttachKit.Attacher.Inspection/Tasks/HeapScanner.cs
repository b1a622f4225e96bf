using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>A task not completed, or a pooled box, as the walk found it.</summary>
/// <param name="Address">The object.</param>
/// <param name="Facts">Its type.</param>
/// <param name="StateFlags">Task.m_stateFlags (0 for a pooled box, which is no Task).</param>
/// <param name="Continuation">Task.m_continuationObject (0 for a pooled box).</param>
internal readonly record struct HeapCandidate(ulong Address, TypeFacts Facts, int StateFlags, ulong Continuation);

/// <summary>
/// One pass over the small-object heap that keeps the tasks not completed and the pooled boxes. It reads each
/// segment in large blocks and steps from object to object by the sizes of their method tables, as ClrMD's own
/// walk does, without an object per step: at a gigabyte of heap ClrMD's enumeration alone took the whole second
/// the target may be paused (docs/INTERNALS.md, "Pending async work"). Large, pinned and frozen segments are not
/// walked: no task is ever allocated there.
/// </summary>
internal static class HeapScanner
{
    // Task state flags that mean it completed (RanToCompletion | Faulted | Canceled).
    public const int CompletedMask = 0x1000000 | 0x200000 | 0x400000;

    private const int BlockSize = 1 << 20;
    private const int CancellationCheckInterval = 1 << 16;
    private const int CacheSize = 4096;

    public static (List<HeapCandidate> Candidates, long Objects, long BytesWalked, long BytesSkipped, int SegmentsCutShort) Scan(
        ClrHeap heap, AsyncTypes types, IDataReader reader, CancellationToken cancellationToken)
    {
        var candidates = new List<HeapCandidate>();
        var contexts = heap.EnumerateAllocationContexts().Where(context => context.Start < context.End).OrderBy(context => context.Start).ToArray();
        var scan = new Walk(types, reader, candidates, cancellationToken);
        long bytesWalked = 0, bytesSkipped = 0;
        var cutShort = 0;
        foreach (var segment in heap.Segments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (segment.Kind is GCSegmentKind.Large or GCSegmentKind.Pinned or GCSegmentKind.Frozen)
            {
                bytesSkipped += (long)segment.ObjectRange.Length;
                continue;
            }

            bytesWalked += (long)segment.ObjectRange.Length;
            if (!scan.Segment(segment.ObjectRange.Start, segment.ObjectRange.End, contexts))
            {
                cutShort++;
            }
        }

        return (candidates, scan.Objects, bytesWalked, bytesSkipped, cutShort);
    }

    private sealed class Walk(AsyncTypes types, IDataReader reader, List<HeapCandidate> candidates, CancellationToken cancellationToken)
    {
        private readonly byte[] _block = new byte[BlockSize];
        private readonly Entry[] _cache = new Entry[CacheSize];
        private readonly List<TypeFacts?> _facts = [null];
        private readonly Dictionary<ulong, int> _indexes = [];
        private readonly uint _pointerSize = types.PointerSize;
        private readonly uint _minimumSize = types.PointerSize * 3;

        // What must be in the block to read an object's header (a task's fields may need more: see Keep).
        private readonly uint _needed = types.PointerSize * 3;

        public long Objects { get; private set; }

        /// <summary>Walks [start, end); false if it stopped early at something that is not an object.</summary>
        public unsafe bool Segment(ulong start, ulong end, MemoryRange[] contexts)
        {
            var context = FirstContextAtOrAfter(contexts, start);
            var nextContext = context < contexts.Length ? contexts[context].Start : ulong.MaxValue;
            ulong blockStart = 0, blockEnd = 0;
            var countdown = CancellationCheckInterval;
            var alignment = (ulong)_pointerSize - 1;
            var wide = _pointerSize == 8;
            var objects = 0L;
            var obj = start;
            try
            {
                fixed (byte* block = _block)
                fixed (Entry* cache = _cache)
                {
                    while (obj < end)
                    {
                        // Allocation contexts are handed out but not yet filled: skip them as ClrMD does.
                        while (obj >= nextContext)
                        {
                            if (obj == nextContext)
                            {
                                obj = contexts[context].End + ((_minimumSize + alignment) & ~alignment);
                            }

                            context++;
                            nextContext = context < contexts.Length ? contexts[context].Start : ulong.MaxValue;
                        }

                        if (obj >= end)
                        {
                            break;
                        }

                        if (obj < blockStart || obj + Math.Min(_needed, end - obj) > blockEnd)
                        {
                            var read = reader.Read(obj, _block.AsSpan(0, (int)Math.Min(BlockSize, end - obj)));
                            if (read < _minimumSize)
                            {
                                return false;
                            }

                            blockStart = obj;
                            blockEnd = obj + (ulong)read;
                        }

                        var at = block + (obj - blockStart);
                        var methodTable = wide ? *(ulong*)at : *(uint*)at;
                        var entry = cache + ((methodTable >> 3) & (CacheSize - 1));
                        if (entry->MethodTable != methodTable || methodTable == 0)
                        {
                            if (!Fill(entry, methodTable))
                            {
                                return false;
                            }
                        }

                        ulong size = entry->BaseSize;
                        if (entry->ComponentSize != 0)
                        {
                            if (obj + _pointerSize + 4 > blockEnd)
                            {
                                return false;
                            }

                            // A string's terminating NUL is not in its count (ClrMD counts it the same way).
                            size += (*(uint*)(at + _pointerSize) + entry->ExtraComponents) * (ulong)entry->ComponentSize;
                        }

                        size = (size + alignment) & ~alignment;
                        if (size < _minimumSize)
                        {
                            size = _minimumSize;
                        }

                        if (entry->Role != TypeRole.None)
                        {
                            Keep(obj, _facts[entry->Index]!, at, blockEnd);
                        }

                        obj += size;
                        objects++;
                        if (--countdown == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            countdown = CancellationCheckInterval;
                        }
                    }
                }
            }
            finally
            {
                Objects += objects;
            }

            return true;
        }

        private unsafe void Keep(ulong obj, TypeFacts facts, byte* at, ulong blockEnd)
        {
            if (facts.Role == TypeRole.PooledStateMachineBox)
            {
                candidates.Add(new HeapCandidate(obj, facts, 0, 0));
                return;
            }

            // The fields are in the block unless the task straddles its end: then they are read on their own.
            var end = types.TaskFieldsEnd;
            if (obj + end > blockEnd)
            {
                Span<byte> straddling = stackalloc byte[(int)end];
                if (reader.Read(obj, straddling) != end)
                {
                    return;
                }

                fixed (byte* copy = straddling)
                {
                    Keep(obj, facts, copy);
                }

                return;
            }

            Keep(obj, facts, at);
        }

        private unsafe void Keep(ulong obj, TypeFacts facts, byte* at)
        {
            var flags = *(int*)(at + types.StateFlags);
            if ((flags & CompletedMask) == 0)
            {
                var continuation = at + types.ContinuationObject;
                candidates.Add(new HeapCandidate(obj, facts, flags, _pointerSize == 8 ? *(ulong*)continuation : *(uint*)continuation));
            }
        }

        private unsafe bool Fill(Entry* entry, ulong methodTable)
        {
            if (methodTable == 0)
            {
                return false;
            }

            if (!_indexes.TryGetValue(methodTable, out var index))
            {
                index = _facts.Count;
                _facts.Add(types.ForMethodTable(methodTable));
                _indexes[methodTable] = index;
            }

            if (_facts[index] is not { } facts)
            {
                return false;
            }

            *entry = new Entry
            {
                MethodTable = methodTable,
                BaseSize = facts.BaseSize,
                ComponentSize = facts.ComponentSize,
                ExtraComponents = facts.IsString ? 1u : 0u,
                Role = facts.Role,
                Index = index,
            };
            return true;
        }

        private static int FirstContextAtOrAfter(MemoryRange[] contexts, ulong address)
        {
            var index = 0;
            while (index < contexts.Length && contexts[index].Start < address)
            {
                index++;
            }

            return index;
        }
    }

    // A method table's sizes and role, in a small direct-mapped cache: most objects' types are a few.
    private struct Entry
    {
        public ulong MethodTable;
        public uint BaseSize;
        public uint ComponentSize;
        public uint ExtraComponents;
        public TypeRole Role;
        public int Index;
    }
}
