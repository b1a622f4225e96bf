using AttachKit.Attacher.Inspection.Tasks;
using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>The inspection's own heap walk sees what ClrMD's enumeration sees, object for object.</summary>
public class HeapWalkTests(PendingTarget target) : IClassFixture<PendingTarget>
{
    [Fact]
    public void TheWalkFindsTheSameObjectsAndPendingTasksAsClrMd()
    {
        using var paused = PausedRuntime.Open(target.Target.Pid);
        var runtime = paused.Runtime;
        var types = AsyncTypes.Of(runtime)!;

        var (candidates, objects, walked, _, cutShort) = HeapScanner.Scan(runtime.Heap, types, runtime.DataTarget!.DataReader, CancellationToken.None);

        var small = runtime.Heap.Segments.Where(segment => segment.Kind is not (GCSegmentKind.Large or GCSegmentKind.Pinned or GCSegmentKind.Frozen)).ToList();
        var all = small.SelectMany(segment => segment.EnumerateObjects()).ToList();
        var pending = all
            .Where(obj => types.ForMethodTable(obj.Type!.MethodTable)!.Role != TypeRole.None)
            .Where(obj => types.ForMethodTable(obj.Type!.MethodTable)!.Role == TypeRole.PooledStateMachineBox
                || (obj.ReadField<int>("m_stateFlags") & HeapScanner.CompletedMask) == 0)
            .Select(obj => obj.Address);
        Assert.Equal(all.Count, objects);
        Assert.Equal(pending.Order(), candidates.Select(candidate => candidate.Address).Order());
        Assert.Equal(small.Sum(segment => (long)segment.ObjectRange.Length), walked);
        Assert.Equal(0, cutShort);
    }

    [Fact]
    public void LargeObjectsAreNotWalkedAndHoldNoTasks()
    {
        using var paused = PausedRuntime.Open(target.Target.Pid);
        var runtime = paused.Runtime;
        var types = AsyncTypes.Of(runtime)!;

        var large = runtime.Heap.Segments.Where(segment => segment.Kind is GCSegmentKind.Large or GCSegmentKind.Pinned or GCSegmentKind.Frozen)
            .SelectMany(segment => segment.EnumerateObjects());

        Assert.DoesNotContain(large, obj => types.ForMethodTable(obj.Type!.MethodTable)?.Role is not (null or TypeRole.None));
    }
}
