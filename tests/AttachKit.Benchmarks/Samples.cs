using System.Diagnostics;
using System.Globalization;

namespace AttachKit.Benchmarks;

/// <summary>Values of one measurement (timings in milliseconds, unless another unit is named) and their summary.</summary>
internal sealed class Samples(string name, string unit = "ms")
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public double Median => Percentile(0.5);

    public void Add(double milliseconds) => _milliseconds.Add(milliseconds);

    /// <summary>Times <paramref name="action"/> once and records it.</summary>
    public async Task TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public double Percentile(double fraction)
    {
        var sorted = _milliseconds.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Round(fraction * (sorted.Count - 1))];
    }

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name,-52} n={_milliseconds.Count,-4} median {Median,9:0.000} {unit,-3}  p10 {Percentile(0.1),9:0.000}   p90 {Percentile(0.9),9:0.000}");
}
