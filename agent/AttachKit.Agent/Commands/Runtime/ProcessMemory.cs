using AttachKit.Linux.Processes;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// This process's resident memory, from /proc/self/status (proc(5): VmRSS, VmHWM, in kB). Read
/// directly: <c>Environment.WorkingSet</c> goes through System.Diagnostics.Process by reflection on Linux.
/// </summary>
internal readonly record struct ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessMemory Read()
    {
        Span<byte> status = stackalloc byte[4096];
        var length = ProcFile.Read("/proc/self/status", status);
        var text = status[..Math.Max(0, length)];
        return new ProcessMemory(
            (ProcFile.NumberAfter(text, "\nVmRSS:"u8) ?? 0) * 1024,
            (ProcFile.NumberAfter(text, "\nVmHWM:"u8) ?? 0) * 1024);
    }
}
