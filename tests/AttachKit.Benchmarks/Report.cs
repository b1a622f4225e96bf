using System.Globalization;

namespace AttachKit.Benchmarks;

/// <summary>Prints a suite's results: one row per measurement, then ratios against the anchor.</summary>
internal static class Report
{
    public static void Print(string title, IEnumerable<Samples> rows, IEnumerable<(string Label, Samples Ours, Samples Anchor)> ratios)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        foreach (var row in rows)
        {
            Console.WriteLine(row.Row());
        }

        foreach (var (label, ours, anchor) in ratios)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {label,-46} {ours.Median / anchor.Median,6:0.00}x  ({ours.Median:0.000} / {anchor.Median:0.000} ms)"));
        }
    }
}
