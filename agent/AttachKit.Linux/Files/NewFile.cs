using Microsoft.Win32.SafeHandles;

namespace AttachKit.Linux.Files;

/// <summary>
/// A file written on the operator's behalf (a dump, a trace, a cache): created as a new file under an
/// unpredictable name beside its destination (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, relative to the
/// directory's descriptor), and renamed into place by <see cref="Commit"/>. An existing destination is
/// replaced only by that rename, never opened, so a symlink or a file another user planted there or at
/// any predictable name is never written through; until committed, nothing at the destination changes.
/// Disposing an uncommitted file removes it.
/// </summary>
internal sealed class NewFile : IDisposable
{
    private const int Attempts = 8;
    private const int LongestNameKept = 180;

    private readonly DirectoryHandle _directory;
    private readonly FileStatus _created;
    private int _state; // 0 writing, 1 committed, 2 removed

    private NewFile(DirectoryHandle directory, string name, string temporaryName, SafeFileHandle handle, int bufferSize)
    {
        _directory = directory;
        Name = name;
        TemporaryName = temporaryName;
        _created = FileStatus.OfHandle(handle);
        Stream = new FileStream(handle, FileAccess.Write, bufferSize);
    }

    /// <summary>Its name until committed, in the same directory.</summary>
    public string TemporaryName { get; }

    /// <summary>Write the contents here.</summary>
    public FileStream Stream { get; }

    private string Name { get; }

    /// <summary>Starts writing <paramref name="destination"/>: a new temporary file beside it.</summary>
    /// <exception cref="IOException">The directory cannot be opened, or no new file can be made in it.</exception>
    public static NewFile Create(string destination, int bufferSize = 4096)
    {
        var full = Path.GetFullPath(destination);
        var name = Path.GetFileName(full);
        if (name.Length == 0)
        {
            throw new IOException($"{destination} names a directory, not a file");
        }

        var directory = DirectoryHandle.Open(Path.GetDirectoryName(full)!);
        try
        {
            var stem = name.Length <= LongestNameKept ? name : name[..LongestNameKept];
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var temporary = $".{stem}.{UnpredictableNames.Hex(12)}.part";
                if (directory.CreateNew(temporary) is { } handle)
                {
                    return new NewFile(directory, name, temporary, handle, bufferSize);
                }
            }

            throw new IOException($"could not make a new temporary file in {directory.Path}: every name tried was taken");
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Flushes the contents and renames the file into place, replacing whatever was at the destination.</summary>
    /// <exception cref="IOException">Writing or renaming failed (the temporary file is removed on dispose).</exception>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            try
            {
                _directory.Rename(TemporaryName, Name);
            }
            catch
            {
                Volatile.Write(ref _state, 0);
                throw;
            }
        }
    }

    /// <summary>Removes the temporary file if it was not committed; callable from a signal handler's thread.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            _directory.UnlinkIfSame(TemporaryName, _created);
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        Abandon();
        _directory.Dispose();
    }
}
