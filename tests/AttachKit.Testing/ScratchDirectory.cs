namespace AttachKit.Testing;

/// <summary>
/// A fresh directory under /tmp, used as a target's TMPDIR so tests never share sockets.
/// Short on purpose: socket paths must fit in 107 bytes. Traversable by other users (0755).
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    private ScratchDirectory(string path) => Path = path;

    public string Path { get; }

    public static ScratchDirectory Create()
    {
        var path = System.IO.Path.Combine("/tmp", "ak-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return new ScratchDirectory(path);
    }

    /// <summary>Every name in the directory.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(entry => System.IO.Path.GetFileName(entry)!).ToArray();

    /// <summary>The names in the directory that are AttachKit's (the runtime keeps its own diagnostic sockets in TMPDIR too).</summary>
    public string[] AttachEntries() => Directory.GetFileSystemEntries(Path)
        .Select(entry => System.IO.Path.GetFileName(entry)!)
        .Where(name => name.StartsWith(".attach_pid", StringComparison.Ordinal))
        .ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A target still exiting may hold a file for a moment; /tmp is cleaned eventually.
        }
    }
}
