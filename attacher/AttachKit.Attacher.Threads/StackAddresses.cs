using System.Reflection;
using Microsoft.Diagnostics.Tracing;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// The code addresses of an EventPipe event's stack, read from TraceEvent's internals: TraceEvent's
/// public API gives stacks only through TraceLog, which first converts the whole capture to a temporary
/// ETLX file (docs/INTERNALS.md, "Thread dumps"). Pinned to the TraceEvent version below (Directory.Packages.props pins it too) and
/// checked on every event; when anything does not match, <see cref="TraceLogStacks"/> takes over.
/// </summary>
/// <remarks>
/// TraceEvent's EventPipeEventSource hands each event over as a Windows EVENT_RECORD (evntcons.h) whose
/// extended data holds the stack as an EVENT_HEADER_EXT_TYPE_STACK_TRACE64 item: a 64-bit match id,
/// then the return addresses, innermost first. The record is the private field <c>TraceEvent.eventRecord</c>.
/// </remarks>
internal static unsafe class StackAddresses
{
    /// <summary>The TraceEvent version whose internals this reads.</summary>
    public static readonly Version PinnedVersion = new(4, 0, 0, 0);

    // EVENT_RECORD: EVENT_HEADER (80 bytes: Size, HeaderType, Flags, EventProperty: 2 each; ThreadId @8 and
    // ProcessId @12: 4 each; …), ETW_BUFFER_CONTEXT (4), ExtendedDataCount @84 (2), UserDataLength (2),
    // ExtendedData @88 (pointer). EVENT_HEADER_EXTENDED_DATA_ITEM: Reserved1, ExtType @2, Reserved2,
    // DataSize @6 (2 each), DataPtr @8 (8): 16 bytes.
    private const int ThreadIdOffset = 8;
    private const int ProcessIdOffset = 12;
    private const int ExtendedDataCountOffset = 84;
    private const int ExtendedDataOffset = 88;
    private const int ItemBytes = 16;
    private const ushort StackTrace32 = 5;
    private const ushort StackTrace64 = 6;

    private static readonly FieldInfo? EventRecord = typeof(TraceEvent).GetField("eventRecord", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Whether the internals are where this code expects them (the version and the field); else use TraceLog.</summary>
    public static bool IsAvailable =>
        typeof(TraceEvent).Assembly.GetName().Version == PinnedVersion
        && EventRecord is { FieldType.IsPointer: true };

    /// <summary>The stack of <paramref name="data"/>, innermost first; empty when the event has none.</summary>
    /// <exception cref="InvalidDataException">The record does not look as expected: the internals changed.</exception>
    public static ulong[] Read(TraceEvent data)
    {
        if (EventRecord?.GetValue(data) is not { } boxed)
        {
            throw new InvalidDataException("TraceEvent.eventRecord is missing");
        }

        var record = (byte*)Pointer.Unbox(boxed);
        // The record's own thread and process ids must be the ones TraceEvent reports: proof that this is the layout read.
        if (record is null
            || *(int*)(record + ThreadIdOffset) != data.ThreadID
            || *(int*)(record + ProcessIdOffset) != data.ProcessID)
        {
            throw new InvalidDataException("TraceEvent's event record is not laid out as expected");
        }

        var count = *(ushort*)(record + ExtendedDataCountOffset);
        var items = *(byte**)(record + ExtendedDataOffset);
        for (var i = 0; i < count; i++)
        {
            var item = items + (i * ItemBytes);
            var type = *(ushort*)(item + 2);
            var size = *(ushort*)(item + 6);
            var pointer = *(byte**)(item + 8);
            var width = type switch { StackTrace64 => 8, StackTrace32 => 4, _ => 0 };
            if (width == 0)
            {
                continue;
            }

            if (size < 8 || (size - 8) % width != 0 || pointer is null)
            {
                throw new InvalidDataException($"a stack item of {size} bytes does not hold {width}-byte addresses");
            }

            var addresses = new ulong[(size - 8) / width];
            for (var frame = 0; frame < addresses.Length; frame++)
            {
                addresses[frame] = width == 8 ? ((ulong*)(pointer + 8))[frame] : ((uint*)(pointer + 8))[frame];
            }

            return addresses;
        }

        return [];
    }
}
