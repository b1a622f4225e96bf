using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Protocol.Unix;

/// <summary>
/// A path that fits in a Unix socket address. sun_path holds 107 bytes (unix(7)); a longer path
/// (a deep TMPDIR, a container's /proc/&lt;pid&gt;/root/…) is reached through an O_PATH descriptor
/// of its directory, as <c>/proc/self/fd/&lt;n&gt;/&lt;name&gt;</c>, which resolves to the same file.
/// Dispose it once bind or connect is done.
/// </summary>
public sealed partial class SocketAddressPath : IDisposable
{
    private const int OPath = 0x200000;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;

    private readonly SafeFileHandle? _directory;

    private SocketAddressPath(string path, SafeFileHandle? directory)
    {
        Path = path;
        _directory = directory;
    }

    /// <summary>The path to bind or connect to.</summary>
    public string Path { get; }

    /// <summary>The path itself when it fits, else the same file through a descriptor of its directory.</summary>
    /// <exception cref="IOException">The directory cannot be opened, or even the name alone is too long.</exception>
    public static SocketAddressPath For(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) <= AttachSocket.MaxPathBytes)
        {
            return new SocketAddressPath(path, null);
        }

        var directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        var fd = Open(directory, OPath | ODirectory | OCloexec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open {directory} to reach its socket through a short path: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var shortPath = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}/{System.IO.Path.GetFileName(path)}");
        if (Encoding.UTF8.GetByteCount(shortPath) > AttachSocket.MaxPathBytes)
        {
            handle.Dispose();
            throw new IOException($"the socket name in {path} is too long for a Unix socket address");
        }

        return new SocketAddressPath(shortPath, handle);
    }

    /// <inheritdoc/>
    public void Dispose() => _directory?.Dispose();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
