using System.Globalization;
using AttachKit.Linux.Files;

namespace AttachKit.Linux.Processes;

/// <summary>
/// The children of a process, from proc(5) <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>: a child is
/// listed under the thread that started it, which in a .NET host (<c>dotnet run</c>) need not be the
/// main one, so every thread's file is read.
/// </summary>
internal static class ProcessChildren
{
    /// <summary>The pids of the children of the process at <paramref name="procDirectory"/> (/proc/&lt;pid&gt;), ascending; none when it has exited.</summary>
    public static IReadOnlyList<int> Of(string procDirectory)
    {
        var children = new SortedSet<int>();
        List<string> threads;
        try
        {
            threads = DirectoryNames.Of(Path.Combine(procDirectory, "task"));
        }
        catch (IOException)
        {
            return [];
        }

        foreach (var thread in threads)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(procDirectory, "task", thread, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended while the list was read.
                continue;
            }

            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                {
                    children.Add(child);
                }
            }
        }

        return [.. children];
    }
}
