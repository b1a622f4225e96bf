using System.Runtime.InteropServices;

namespace AttachKit.Linux.Memory;

/// <summary>
/// Gives the memory a capture freed back to the kernel. The runtime frees an EventPipe session's
/// buffers when it ends, but glibc keeps freed memory in its arenas, where it counts in the host's
/// RSS for good (docs/INTERNALS.md, "Thread dumps"); malloc_trim(3) returns it. It holds each malloc
/// arena's lock while it walks it, longer the more threads the process has, so it runs once per
/// capture, on the agent's thread, never per request.
/// </summary>
internal static partial class FreedMemory
{
    private static volatile bool s_unavailable;

    /// <summary>malloc_trim(0); nothing on a C library without it (musl).</summary>
    public static void ReturnToKernel()
    {
        if (s_unavailable)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
