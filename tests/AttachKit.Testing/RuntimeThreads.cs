using System.Globalization;

namespace AttachKit.Testing;

/// <summary>Threads the .NET runtime starts and ends on its own schedule, which tests comparing thread lists leave out.</summary>
public static class RuntimeThreads
{
    /// <summary>The names of a process's threads (comm, 15 characters), skipping any that end while being read.</summary>
    public static IReadOnlyList<string> NamesOf(int pid) => [.. Of(pid).Values];

    /// <summary>A process's threads by tid, with their names (comm), skipping any that end while being read.</summary>
    public static IReadOnlyDictionary<int, string> Of(int pid)
    {
        var threads = new Dictionary<int, string>();
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return threads;
    }

    /// <summary>Tiered compilation's background worker and thread-pool threads come and go by themselves.</summary>
    public static bool ComeAndGo(string name)
        => name.StartsWith(".NET Tiered", StringComparison.Ordinal) || name.StartsWith(".NET TP", StringComparison.Ordinal);
}
