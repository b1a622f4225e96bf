using Mono.Unix.Native;

namespace AttachKit.Linux.Memory;

/// <summary>
/// A block of memory of its own mapping (mmap(2) MAP_ANONYMOUS), given back to the kernel when disposed
/// (munmap(2)). For captured bytes on their way to a client: arrays would grow the host's GC heap
/// for good (a dump moves megabytes), and freed malloc memory may stay in the process.
/// </summary>
internal sealed unsafe class AnonymousMemory : IDisposable
{
    private IntPtr _start;

    private AnonymousMemory(IntPtr start, int length)
    {
        _start = start;
        Length = length;
    }

    public int Length { get; }

    public Span<byte> Span => _start == IntPtr.Zero ? throw new ObjectDisposedException(nameof(AnonymousMemory)) : new((void*)_start, Length);

    /// <exception cref="OutOfMemoryException">The kernel refused the mapping.</exception>
    public static AnonymousMemory Map(int length)
    {
        var start = Syscall.mmap(IntPtr.Zero, (ulong)length, MmapProts.PROT_READ | MmapProts.PROT_WRITE, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0);
        return start == Syscall.MAP_FAILED
            ? throw new OutOfMemoryException($"mmap of {length} bytes failed: {Stdlib.GetLastError()}")
            : new AnonymousMemory(start, length);
    }

    public void Dispose()
    {
        var start = Interlocked.Exchange(ref _start, IntPtr.Zero);
        if (start != IntPtr.Zero)
        {
            Syscall.munmap(start, (ulong)Length);
        }
    }
}
