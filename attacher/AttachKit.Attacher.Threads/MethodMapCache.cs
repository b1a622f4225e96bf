using System.Globalization;
using System.Text;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// The method map of a process's last rundown, kept by the attacher between dumps (one file per
/// process, named by pid and start time, in the user's cache directory, mode 0600): a later dump
/// sends the map's code epoch and the agent leaves the rundown out while the process's code has not
/// changed, which saves the target ≈ 60 ms and megabytes per dump.
/// </summary>
internal sealed class MethodMapCache
{
    private readonly string _path;

    private MethodMapCache(string directory, string path)
    {
        Folder = directory;
        _path = path;
    }

    public string Folder { get; }

    /// <summary>The cache of process <paramref name="pid"/>; null when there is no cache directory or the process is gone.</summary>
    /// <param name="pid">The target.</param>
    /// <param name="directory">Where cache files live; null for <c>$XDG_CACHE_HOME/attachkit</c> or <c>~/.cache/attachkit</c>.</param>
    public static MethodMapCache? For(int pid, string? directory = null)
    {
        directory ??= DefaultDirectory();
        return directory is null || ProcessStart(pid) is not { } started
            ? null
            : new MethodMapCache(directory, Path.Combine(directory, FileName(pid, started)));
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
            bytes = File.ReadAllBytes(_path);
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

    /// <summary>Keeps a map (written aside, then renamed into place), and removes the files of processes that are gone.</summary>
    public void Save(CachedMethods methods)
    {
        try
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var temporary = _path + "." + Guid.NewGuid().ToString("N")[..8];
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                file.Write(MethodMapFile.Encode(methods));
            }

            File.Move(temporary, _path, overwrite: true);
            RemoveStale();
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
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    // Field 22 of /proc/<pid>/stat (proc(5)): the start time in clock ticks since boot; with the pid, it names one process.
    private static long? ProcessStart(int pid)
    {
        try
        {
            var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    private void RemoveStale()
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "methods-*.bin"))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var started) && ProcessStart(pid) != started)
            {
                File.Delete(file);
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
