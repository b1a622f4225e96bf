using System.Buffers.Text;
using System.Text;
using AttachKit.Linux.Processes;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// The memory limit of this process's control group (a container's limit), the lowest along its
/// path to the hierarchy's root: cgroup v2 <c>memory.max</c>, or v1 <c>memory.limit_in_bytes</c>
/// (cgroups(7)). The GC folds the same limit into <c>GCMemoryInfo.TotalAvailableMemoryBytes</c>;
/// this says where that number comes from.
/// </summary>
internal static class CgroupMemory
{
    // v1 reports "no limit" as a huge page-aligned number (9223372036854771712), v2 as "max".
    private const long Unlimited = 1L << 62;

    /// <summary>The limit in bytes, or null when there is none (or no cgroup file can be read).</summary>
    public static long? Limit() => Limit(ReadText("/proc/self/cgroup"), "/sys/fs/cgroup");

    /// <summary>The limit for a /proc/self/cgroup text, with cgroup file systems mounted under <paramref name="root"/>.</summary>
    internal static long? Limit(string? procCgroup, string root)
    {
        long? lowest = null;
        foreach (var line in (procCgroup ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // hierarchy-ID:controller-list:cgroup-path
            var fields = line.Split(':', 3);
            if (fields.Length != 3)
            {
                continue;
            }

            var (directory, file) = fields[1] switch
            {
                "" when fields[0] == "0" => (Path.Combine(root, "unified"), "memory.max"),
                var controllers when controllers.Split(',').Contains("memory") => (Path.Combine(root, "memory"), "memory.limit_in_bytes"),
                _ => ((string?)null, ""),
            };
            if (directory is null)
            {
                continue;
            }

            // A pure v2 system mounts the unified hierarchy at the root itself.
            if (fields[1] == "" && !Directory.Exists(directory))
            {
                directory = root;
            }

            foreach (var limit in LimitsAlong(directory, fields[2], file))
            {
                lowest = lowest is { } known ? Math.Min(known, limit) : limit;
            }
        }

        return lowest;
    }

    // Each directory from the cgroup's own up to the mount point; inside a container the path may
    // name a host directory that is not mounted, and then only the mount point's file is there.
    private static IEnumerable<long> LimitsAlong(string mount, string cgroupPath, string file)
    {
        var relative = cgroupPath.Trim('/');
        while (true)
        {
            if (ReadNumber(Path.Combine(mount, relative, file)) is { } limit && limit < Unlimited)
            {
                yield return limit;
            }

            if (relative.Length == 0)
            {
                yield break;
            }

            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "" : relative[..slash];
        }
    }

    private static string? ReadText(string path)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = ProcFile.Read(path, buffer);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer[..length]);
    }

    // A limit file holds one number, or "max" (v2) for none.
    private static long? ReadNumber(string path)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = ProcFile.Read(path, buffer);
        return length > 0 && Utf8Parser.TryParse(buffer[..length], out long value, out _) ? value : null;
    }
}
