using System.Runtime.InteropServices;

namespace AttachKit.Linux.Memory;

/// <summary>
/// A block of memory of its own mapping (mmap(2) MAP_ANONYMOUS), given back to the kernel when disposed
/// (munmap(2)). For captured bytes on their way to a client: arrays would grow the host's GC heap
/// for good (a dump moves megabytes), and freed malloc memory may stay in the process.
/// </summary>
internal sealed unsafe partial class AnonymousMemory : IDisposable
{
    private const int ReadWrite = 0x3; // PROT_READ | PROT_WRITE
    private const int PrivateAnonymous = 0x22; // MAP_PRIVATE | MAP_ANONYMOUS
    private static readonly IntPtr Failed = -1; // MAP_FAILED

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
        var start = MapCall(IntPtr.Zero, (nuint)length, ReadWrite, PrivateAnonymous, -1, 0);
        return start == Failed
            ? throw new OutOfMemoryException($"mmap of {length} bytes failed: {Errno.Describe(Errno.Last)}")
            : new AnonymousMemory(start, length);
    }

    public void Dispose()
    {
        var start = Interlocked.Exchange(ref _start, IntPtr.Zero);
        if (start != IntPtr.Zero)
        {
            _ = UnmapCall(start, (nuint)Length);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial IntPtr MapCall(IntPtr address, nuint length, int protection, int flags, int descriptor, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int UnmapCall(IntPtr address, nuint length);
}
