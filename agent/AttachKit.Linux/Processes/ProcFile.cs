using System.Buffers.Text;

namespace AttachKit.Linux.Processes;

/// <summary>
/// Reads the small files the kernel generates (/proc, /sys/fs/cgroup) into a caller's buffer.
/// File.ReadAllText or ReadLines would allocate a stream, its buffers and strings for every read,
/// and heap and counters read several per call, each allocation in the app's own heap.
/// Looks before it opens: a missing file would otherwise be an exception, and every exception
/// counts in the app's own exception counters.
/// </summary>
internal static class ProcFile
{
    /// <summary>Reads up to <paramref name="buffer"/>'s length; returns the bytes read, or -1 when the file is not there or not readable.</summary>
    public static int Read(string path, Span<byte> buffer)
    {
        if (!File.Exists(path))
        {
            return -1;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer[total..], total)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>The number that follows <paramref name="label"/> in a <c>Label: value</c> file (proc(5) status), or null.</summary>
    public static long? NumberAfter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label)
    {
        var at = text.IndexOf(label);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + label.Length)..].TrimStart(" \t"u8);
        return Utf8Parser.TryParse(rest, out long value, out _) ? value : null;
    }
}
