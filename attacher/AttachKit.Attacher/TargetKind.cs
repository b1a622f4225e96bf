namespace AttachKit.Attacher;

/// <summary>What a process is, as far as attaching goes: decided from a listener's socket or the files it maps, without signalling it.</summary>
public enum TargetKind
{
    /// <summary>Neither: signalling it could kill it.</summary>
    Unknown,

    /// <summary>A .NET process with the AttachKit agent (it maps AttachKit.Agent.dll).</summary>
    AttachKitAgent,

    /// <summary>A HotSpot JVM (it maps libjvm.so): attached to through its own attach listener.</summary>
    HotSpot,

    /// <summary>An Eclipse OpenJ9 JVM (it maps libj9vm*.so): its attach API is its own, which AttachKit does not speak.</summary>
    OpenJ9,
}

/// <summary>Tells what kind of process a pid is.</summary>
public static class TargetDetection
{
    /// <summary>The kind of process <paramref name="pid"/>: by its listener's socket when one is up (the agent's or HotSpot's), else from /proc/&lt;pid&gt;/maps.</summary>
    /// <exception cref="TargetNotFoundException">No such process.</exception>
    /// <exception cref="AttachPermissionException">This user may not read its maps (another user's process).</exception>
    public static TargetKind Detect(int pid) => TargetProcess.Find(pid).Kind();
}
