using System.Globalization;

namespace AttachKit.Attacher.Threads;

/// <summary>
/// Which file holds the code at an address of a process, from its memory map (proc(5) maps): what a frame
/// no method covers can still say, e.g. a P/Invoke stub precompiled into System.Net.Sockets.dll, which the
/// runtime's rundown does not name.
/// </summary>
internal sealed class CodeFiles
{
    private readonly (ulong Start, ulong End, string Name)[] _regions;

    private CodeFiles((ulong Start, ulong End, string Name)[] regions) => _regions = regions;

    /// <summary>The files process <paramref name="pid"/> maps; null when its map cannot be read (it exited, or another user's).</summary>
    public static CodeFiles? Read(int pid)
    {
        try
        {
            var regions = new List<(ulong, ulong, string)>();
            foreach (var line in File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/maps")))
            {
                // start-end perms offset dev inode path; anonymous regions have no path, special ones "[name]".
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                var path = fields.Length == 6 ? fields[5].TrimStart() : "";
                var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
                if (!path.StartsWith('/') || dash < 0)
                {
                    continue;
                }

                regions.Add((
                    ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    Path.GetFileName(path.EndsWith(DeletedSuffix, StringComparison.Ordinal) ? path[..^DeletedSuffix.Length] : path)));
            }

            return new CodeFiles([.. regions]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const string DeletedSuffix = " (deleted)";

    /// <summary>The name of the file mapped at <paramref name="address"/>; null for memory no file backs (JIT-compiled code, stubs).</summary>
    public string? At(ulong address)
    {
        // The kernel lists regions in address order.
        int low = 0, high = _regions.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var (start, end, name) = _regions[middle];
            if (address < start)
            {
                high = middle - 1;
            }
            else if (address >= end)
            {
                low = middle + 1;
            }
            else
            {
                return name;
            }
        }

        return null;
    }
}
