using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Files;

/// <summary>Reads and writes on an open descriptor, and what it was opened for (fcntl(2) F_GETFL).</summary>
internal static partial class Descriptors
{
    private const int GetStatusFlags = 3; // F_GETFL
    private const int AccessModeMask = 0x3;
    private const int NoControllingTerminal = 0x100; // O_NOCTTY

    /// <summary>Writes all of <paramref name="bytes"/> (write(2)), waiting when a non-blocking descriptor is full.</summary>
    /// <returns>False when the reader went away (EPIPE): the rest is dropped, as a pipe's writer expects.</returns>
    /// <exception cref="IOException">write(2) failed otherwise.</exception>
    public static bool WriteAll(SafeHandle descriptor, ReadOnlySpan<byte> bytes)
    {
        using var held = new HeldDescriptor(descriptor);
        while (!bytes.IsEmpty)
        {
            var written = WriteCall(held.Number, bytes, bytes.Length);
            if (written >= 0)
            {
                bytes = bytes[(int)written..];
                continue;
            }

            switch (Errno.Last)
            {
                case Errno.Eintr:
                    break;
                case Errno.Eagain:
                    Readiness.WaitWritable(descriptor, Timeout.InfiniteTimeSpan);
                    break;
                case Errno.Epipe:
                    return false;
                case var errno:
                    throw Errno.Failure("write", null, errno);
            }
        }

        return true;
    }

    /// <summary>pread(2): reads at <paramref name="offset"/> without moving the descriptor's own offset, which a received descriptor shares with its sender.</summary>
    /// <returns>The bytes read; 0 at the end of the file.</returns>
    /// <exception cref="IOException">pread failed (EBADF: not open for reading).</exception>
    public static int ReadAt(SafeHandle descriptor, Span<byte> buffer, long offset)
    {
        using var held = new HeldDescriptor(descriptor);
        while (true)
        {
            var read = PreadCall(held.Number, buffer, buffer.Length, offset);
            if (read >= 0)
            {
                return (int)read;
            }

            if (Errno.Last is var errno && errno != Errno.Eintr)
            {
                throw Errno.Failure("pread", null, errno);
            }
        }
    }

    /// <summary>What the descriptor was opened for.</summary>
    /// <exception cref="IOException">fcntl failed.</exception>
    public static DescriptorAccess AccessOf(SafeHandle descriptor)
    {
        using var held = new HeldDescriptor(descriptor);
        var flags = FcntlCall(held.Number, GetStatusFlags);
        Errno.Check(flags, "fcntl");
        return (flags & OpenFlags.PathOnly) != 0 ? DescriptorAccess.PathOnly
            : (flags & AccessModeMask) switch
            {
                OpenFlags.ReadOnly => DescriptorAccess.Read,
                OpenFlags.WriteOnly => DescriptorAccess.Write,
                _ => DescriptorAccess.ReadWrite,
            };
    }

    /// <summary>
    /// Opens the file <paramref name="descriptor"/> refers to anew, for reading, with user <paramref name="uid"/>'s
    /// and group <paramref name="gid"/>'s rights (<see cref="Credentials.ActAs"/>), never this process's own:
    /// <c>/proc/self/fd/&lt;n&gt;</c> reaches the very file, deleted or not, with an offset of its own.
    /// </summary>
    /// <exception cref="IOException">It could not be opened so.</exception>
    /// <exception cref="UnauthorizedAccessException">The ids could not be taken.</exception>
    public static SafeFileHandle ReopenForReadingAs(SafeHandle descriptor, uint uid, uint gid)
    {
        using var held = new HeldDescriptor(descriptor);
        var path = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{held.Number}");
        using (Credentials.ActAs(uid, gid))
        {
            var reopened = OpenCall(path, OpenFlags.ReadOnly | OpenFlags.CloseOnExec | NoControllingTerminal, 0);
            return reopened >= 0 ? new SafeFileHandle(reopened, ownsHandle: true) : throw Errno.Failure("open", $"as uid {uid}", Errno.Last);
        }
    }

    /// <summary>Whether descriptor <paramref name="descriptor"/> is a terminal (isatty(3)).</summary>
    public static bool IsTerminal(int descriptor) => IsATerminal(descriptor) == 1;

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int descriptor, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pread64", SetLastError = true)]
    private static partial nint PreadCall(int descriptor, Span<byte> buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlCall(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCall(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATerminal(int descriptor);
}

/// <summary>What a descriptor was opened for.</summary>
internal enum DescriptorAccess
{
    /// <summary>O_PATH: a reference to a file, good for neither reading nor writing its contents.</summary>
    PathOnly,
    Read,
    Write,
    ReadWrite,
}
