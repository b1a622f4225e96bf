using System.Text;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Benchmarks;

/// <summary>
/// The route a user has today to the answers of <c>threads --locks</c> and <c>tasks</c>: a dump of the process
/// (<c>attachkit &lt;pid&gt; heap-dump</c>), then ClrMD on the file. Each analysis opens the dump anew, as a tool
/// run on it would, in this process (ClrMD JIT-compiled already: kinder to the route than a fresh tool).
/// </summary>
internal static class DumpRoute
{
    private const string Dac = "libmscordaccore.so";

    /// <summary>
    /// Locks and stacks: every sync block with its object, owner and waiters; every thread's managed stack, and
    /// which held monitor each thread that does not own it has on its stack (waiting to enter it), all written out
    /// as text (<c>syncblk</c>, <c>clrstack -all</c> and <c>dso</c> of SOS). Returns what it found.
    /// </summary>
    public static (int HeldMonitors, int Waiting, int Threads, int Frames, int Characters) Locks(string dump)
    {
        using var target = DataTarget.LoadDump(dump);
        using var runtime = CreateRuntime(target);
        var text = new StringBuilder();
        var owners = new Dictionary<ulong, ulong>();
        foreach (var block in runtime.Heap.EnumerateSyncBlocks())
        {
            if (block.IsMonitorHeld)
            {
                owners[block.Object] = block.HoldingThreadAddress;
                var owner = runtime.Threads.FirstOrDefault(thread => thread.Address == block.HoldingThreadAddress);
                text.Append("monitor ").Append(block.Object.ToString("x")).Append(' ')
                    .Append(runtime.Heap.GetObjectType(block.Object)?.Name)
                    .Append(" held by ").Append(owner?.OSThreadId).Append(", ")
                    .Append(block.WaitingThreadCount).AppendLine(" waiting");
            }
        }

        var threads = 0;
        var frames = 0;
        var waiting = 0;
        foreach (var thread in runtime.Threads)
        {
            threads++;
            text.Append("thread ").Append(thread.OSThreadId).Append(' ').Append(thread.ManagedThreadId).AppendLine();
            foreach (var frame in thread.EnumerateStackTrace())
            {
                frames++;
                text.Append("  ").Append(frame.InstructionPointer.ToString("x")).Append(' ')
                    .AppendLine(frame.Method?.Signature ?? frame.FrameName ?? frame.Kind.ToString());
            }

            var wanted = thread.EnumerateStackRoots()
                .Select(root => root.Object.Address)
                .FirstOrDefault(address => owners.TryGetValue(address, out var owner) && owner != thread.Address);
            if (wanted != 0)
            {
                waiting++;
                text.Append("  - waiting to lock ").AppendLine(wanted.ToString("x"));
            }
        }

        return (owners.Count, waiting, threads, frames, text.Length);
    }

    /// <summary>
    /// Pending async work: a walk of the whole heap for async state machine boxes, then each box's continuation
    /// followed to the box that awaits it, so that chains are told apart (what SOS's <c>dumpasync</c> does first).
    /// Returns the boxes, the chains (boxes no other box continues into: the innermost awaits) and the objects walked.
    /// </summary>
    public static (int Boxes, int Chains, long Objects) Tasks(string dump)
    {
        using var target = DataTarget.LoadDump(dump);
        using var runtime = CreateRuntime(target);
        var boxes = new List<ClrObject>();
        var objects = 0L;
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            objects++;
            if (obj.Type?.Name is { } name && name.Contains("AsyncStateMachineBox", StringComparison.Ordinal))
            {
                boxes.Add(obj);
            }
        }

        var awaited = new HashSet<ulong>();
        foreach (var box in boxes)
        {
            if (box.TryReadObjectField("m_continuationObject", out var continuation) && continuation.IsValid)
            {
                awaited.Add(continuation.Address);
            }
        }

        return (boxes.Count, boxes.Count(box => !awaited.Contains(box.Address)), objects);
    }

    // ClrMD cannot tell a .NET 10 runtime's version from its module: the DAC beside the runtime the dump names,
    // on this machine where the dump was taken, is that runtime's own.
    private static ClrRuntime CreateRuntime(DataTarget target)
    {
        var clr = target.ClrVersions.FirstOrDefault() ?? throw new InvalidOperationException("no .NET runtime in the dump");
        var dac = Path.Combine(Path.GetDirectoryName(clr.ModuleInfo.FileName)!, Dac);
        return clr.CreateRuntime(dac, ignoreMismatch: true);
    }
}
