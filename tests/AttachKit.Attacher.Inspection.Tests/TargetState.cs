using System.Globalization;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>What /proc says of a target after an inspection: running (not stopped) and traced by no one.</summary>
internal static class TargetState
{
    public static void AssertRunsUntraced(int pid)
    {
        // A thread let go may take a moment to be scheduled out of its stop.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var stopped = StoppedOrTraced(pid);
            if (stopped.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"process {pid} after the inspection: {string.Join("; ", stopped)}");
            Thread.Sleep(50);
        }
    }

    // Every thread's state and tracer: 'T' or 't' is stopped; a TracerPid other than 0 is still traced.
    private static List<string> StoppedOrTraced(int pid)
    {
        var found = new List<string>();
        foreach (var task in Directory.EnumerateDirectories(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task")))
        {
            try
            {
                var lines = File.ReadAllLines(Path.Combine(task, "status"));
                var state = lines.First(line => line.StartsWith("State:", StringComparison.Ordinal))[6..].Trim();
                var tracer = lines.First(line => line.StartsWith("TracerPid:", StringComparison.Ordinal))[10..].Trim();
                if (state.StartsWith('T') || state.StartsWith('t') || tracer != "0")
                {
                    found.Add($"thread {Path.GetFileName(task)} state {state} tracer {tracer}");
                }
            }
            catch (IOException)
            {
                // The thread exited.
            }
        }

        return found;
    }
}
