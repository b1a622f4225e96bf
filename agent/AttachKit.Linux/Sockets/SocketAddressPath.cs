using System.Text;
using AttachKit.Linux.Files;

namespace AttachKit.Linux.Sockets;

/// <summary>
/// A path that fits in a Unix socket address, for bind(2). sun_path holds 107 bytes (unix(7)); a longer
/// path (a deep TMPDIR) is reached through an O_PATH descriptor of its directory, as
/// <c>/proc/self/fd/&lt;n&gt;/&lt;name&gt;</c>, which resolves to the same place. Dispose it once bound.
/// </summary>
internal sealed class SocketAddressPath : IDisposable
{
    /// <summary>The longest path a Unix socket address holds (sun_path is 108 bytes, NUL included).</summary>
    public const int MaxPathBytes = 107;

    private readonly DirectoryHandle? _directory;

    private SocketAddressPath(string path, DirectoryHandle? directory)
    {
        Path = path;
        _directory = directory;
    }

    /// <summary>The path to bind to.</summary>
    public string Path { get; }

    /// <summary>The path itself when it fits, else the same place through a descriptor of its directory.</summary>
    /// <exception cref="IOException">The directory cannot be opened, or even the name alone is too long.</exception>
    public static SocketAddressPath For(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) <= MaxPathBytes)
        {
            return new SocketAddressPath(path, null);
        }

        var directory = DirectoryHandle.Open(System.IO.Path.GetDirectoryName(path) ?? "/");
        var shortPath = directory.DescriptorPath + "/" + System.IO.Path.GetFileName(path);
        if (Encoding.UTF8.GetByteCount(shortPath) > MaxPathBytes)
        {
            directory.Dispose();
            throw new IOException($"the socket name in {path} is too long for a Unix socket address");
        }

        return new SocketAddressPath(shortPath, directory);
    }

    /// <inheritdoc/>
    public void Dispose() => _directory?.Dispose();
}
