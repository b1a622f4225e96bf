namespace AttachKit.Attacher.Inspection;

/// <summary>
/// Who reads a process from outside: its own effective uid and gid, since the reading runs the target's
/// DAC, code from the target's files (docs/SECURITY.md). A process in another user namespace is refused:
/// its user as this side sees it is a uid of the container's range, whose ptrace would need privileges in
/// that namespace that this side only has as root.
/// </summary>
internal static class ReaderIdentity
{
    /// <exception cref="TargetNotFoundException">No such process.</exception>
    /// <exception cref="InspectionRefusedException">It runs in another user namespace.</exception>
    public static (uint Uid, uint Gid) For(int pid)
    {
        var target = TargetProcess.Find(pid);
        if (target.InOtherUserNamespace())
        {
            throw new InspectionRefusedException($"process {pid} runs in another user namespace (a rootless container): reading it from outside would run its runtime's code with privileges over that namespace; run attachkit inside the container, as the app's user");
        }

        return target.EffectiveIds();
    }
}
