using System.Runtime.CompilerServices;

namespace AttachKit.TestTarget;

/// <summary>Methods that block forever, each in its own way; the tests find these names in the dump.</summary>
internal static class BlockedThreads
{
    public static void WaitOnMonitor()
    {
        var gate = new object();
        lock (gate)
        {
            Monitor.Wait(gate);
        }
    }

    // Many threads run this: unoptimized, so that its frame stays whether the thread started before or
    // after the JIT recompiled it at tier 1 (which turns the call into a tail call: no frame).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static void SleepForever() => Thread.Sleep(Timeout.Infinite);

    public static void WaitOnManualResetEvent()
    {
        using var never = new ManualResetEvent(initialState: false);
        never.WaitOne();
    }

    public static void WaitOnSemaphoreSlim()
    {
        using var never = new SemaphoreSlim(0);
        never.Wait();
    }

    /// <summary>Blocks in a socket read that no byte ever satisfies (the writer stays open and silent).</summary>
    public static void ReadFromSilentSocket(System.Net.Sockets.Socket reader, System.Net.Sockets.Socket writer)
    {
        GC.KeepAlive(writer);
        reader.Receive(new byte[1]);
    }

    public static void HoldLock(object shared)
    {
        lock (shared)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }

    public static void EnterHeldLock(object shared)
    {
        lock (shared)
        {
            Environment.FailFast("the lock held forever was released");
        }
    }
}
