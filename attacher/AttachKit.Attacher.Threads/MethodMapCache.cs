using System.Globalization;
using System.Text;
using AttachKit.Linux;
using AttachKit.Linux.Files;
using AttachKit.Linux.Processes;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// The method map of a process's last rundown, kept by the attacher between dumps (one file per
/// process, named by pid and start time, in the user's cache directory, mode 0600): a later dump
/// sends the map's code epoch and the agent leaves the rundown out while the process's code has not
/// changed, which saves the target a rundown and megabytes per dump. The directory is used only while it
/// is this user's own and private (mode 0700): a map read from a place another user can write could name
/// any method in a dump.
/// </summary>
internal sealed class MethodMapCache
{
    private const long LargestKept = 256L * 1024 * 1024;

    private readonly string _name;

    private MethodMapCache(string directory, string name)
    {
        Folder = directory;
        _name = name;
    }

    public string Folder { get; }

    /// <summary>The cache of process <paramref name="pid"/>; null when there is no cache directory or the process is gone.</summary>
    /// <param name="pid">The target.</param>
    /// <param name="directory">Where cache files live; null for <c>$XDG_CACHE_HOME/attachkit</c> or <c>~/.cache/attachkit</c>.</param>
    public static MethodMapCache? For(int pid, string? directory = null)
    {
        directory ??= DefaultDirectory();
        return directory is null || ProcessClock.StartTicksOf(pid) is not { } started
            ? null
            : new MethodMapCache(directory, FileName(pid, started));
    }

    /// <summary>
    /// The kept map, or null (none, or unreadable: then it is deleted). Its epoch is read at once; its
    /// ranges (tens of thousands) are decoded on the side while the agent captures.
    /// </summary>
    public KeptMap? TryLoad()
    {
        byte[] bytes;
        try
        {
            using var directory = OpenOwnDirectory();
            using var file = directory?.OpenRegularForReading(_name);
            if (file is null || file.Length > LargestKept)
            {
                return null;
            }

            using var contents = new MemoryStream();
            file.CopyTo(contents);
            bytes = contents.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            return new KeptMap(MethodMapFile.ReadEpoch(bytes), Task.Run(() => MethodMapFile.Decode(bytes)));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or DecoderFallbackException)
        {
            Delete();
            return null;
        }
    }

    /// <summary>Keeps a map (a new file renamed into place), and removes the files of processes that are gone.</summary>
    public void Save(CachedMethods methods)
    {
        try
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var directory = OpenOwnDirectory();
            if (directory is null)
            {
                return;
            }

            using (var file = NewFile.Create(Path.Combine(Folder, _name)))
            {
                file.Stream.Write(MethodMapFile.Encode(methods));
                file.Commit();
            }

            RemoveStale(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next dump its rundown.
        }
    }

    public void Delete()
    {
        try
        {
            using var directory = OpenOwnDirectory();
            directory?.Unlink(_name);
        }
        catch (IOException)
        {
            // Nothing to do: the next save replaces it.
        }
    }

    private static string? DefaultDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : null;
        return root is null ? null : Path.Combine(root, "attachkit");
    }

    private static string FileName(int pid, long started) => string.Create(CultureInfo.InvariantCulture, $"methods-{pid}-{started}.bin");

    // The cache directory, if it is this user's and nobody else's.
    private DirectoryHandle? OpenOwnDirectory()
    {
        DirectoryHandle directory;
        try
        {
            directory = DirectoryHandle.Open(Folder);
        }
        catch (IOException)
        {
            return null;
        }

        var status = FileStatus.OfHandle(directory.Handle);
        if (status.OwnerUid == Credentials.EffectiveUid && status.IsOwnerOnly)
        {
            return directory;
        }

        directory.Dispose();
        return null;
    }

    private static void RemoveStale(DirectoryHandle directory)
    {
        foreach (var name in directory.Names().Where(name => name.StartsWith("methods-", StringComparison.Ordinal) && name.EndsWith(".bin", StringComparison.Ordinal)))
        {
            var parts = Path.GetFileNameWithoutExtension(name).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var started) && ProcessClock.StartTicksOf(pid) != started)
            {
                directory.Unlink(name);
            }
        }
    }
}

/// <summary>A method map and the code epoch it was taken at, with the sampled addresses it did not name (stubs).</summary>
internal sealed record CachedMethods(string Epoch, MethodMap Map, IReadOnlySet<ulong> Unresolved);

/// <summary>A kept map being read: its epoch, and its contents once decoded.</summary>
internal sealed class KeptMap(string epoch, Task<CachedMethods> decoding)
{
    public string Epoch { get; } = epoch;

    /// <summary>The decoded map (waits for it).</summary>
    /// <exception cref="InvalidDataException">The file was damaged after its epoch.</exception>
    public CachedMethods Methods
    {
        get
        {
            try
            {
                return decoding.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is ArgumentException or DecoderFallbackException)
            {
                throw new InvalidDataException("a damaged method cache", e);
            }
        }
    }
}
