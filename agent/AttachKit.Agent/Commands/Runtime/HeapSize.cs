namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// The GC heap's size now: the runtime's own approximation, <c>GC.GetTotalMemory(false)</c> (what the
/// System.Runtime counter gc-heap-size shows): live objects plus garbage not yet collected. After
/// many short-lived threads it has been seen to come out negative (an unsigned underflow in the
/// runtime): then it is unknown, never shown wrong.
/// </summary>
internal static class HeapSize
{
    public static long? Now() => GC.GetTotalMemory(forceFullCollection: false) is var bytes and >= 0 ? bytes : null;
}
