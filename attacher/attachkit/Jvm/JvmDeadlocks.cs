using System.Globalization;
using System.Text.RegularExpressions;

namespace AttachKit.Cli.Jvm;

/// <summary>
/// <c>deadlocks</c> on a HotSpot JVM: its thread dump with locks (<c>threaddump l</c>, as <c>jstack -l</c>)
/// ends with what the JVM found itself, from "Found one Java-level deadlock:" to "Found N deadlock(s).";
/// that part is the answer, and its count the exit code.
/// </summary>
internal static partial class JvmDeadlocks
{
    private const string FirstFound = "Found one Java-level deadlock:";

    /// <summary>The JVM's deadlock report and how many it found; "No deadlocks found." and 0 when the dump has none.</summary>
    public static (string Text, int Count) Extract(string threadDump)
    {
        var start = threadDump.IndexOf(FirstFound, StringComparison.Ordinal);
        var summary = Summary().Match(threadDump);
        if (start < 0 || !summary.Success || summary.Index < start)
        {
            return ("No deadlocks found.\n", 0);
        }

        var count = int.Parse(summary.Groups["count"].Value, CultureInfo.InvariantCulture);
        return (threadDump[start..(summary.Index + summary.Length)] + "\n", count);
    }

    [GeneratedRegex(@"^Found (?<count>\d+) deadlocks?\.$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
