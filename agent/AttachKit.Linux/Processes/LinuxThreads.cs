using System.Globalization;

namespace AttachKit.Linux.Processes;

/// <summary>Linux thread ids (what /proc/self/task lists and what EventPipe reports as thread ids).</summary>
internal static class LinuxThreads
{
    /// <summary>
    /// The calling thread's tid, from the kernel's /proc/thread-self link (proc(5), Linux 3.17+:
    /// it reads "&lt;pid&gt;/task/&lt;tid&gt;"); .NET has no API for it.
    /// </summary>
    public static int CurrentId()
    {
        var target = new FileInfo("/proc/thread-self").LinkTarget
            ?? throw new IOException("/proc/thread-self is not a link; is /proc mounted?");
        return int.Parse(target.AsSpan(target.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
