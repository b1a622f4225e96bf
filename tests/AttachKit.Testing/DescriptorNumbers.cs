using System.Globalization;

namespace AttachKit.Testing;

/// <summary>Descriptor numbers as the test target prints them: <c>7-506,509,511-600</c>, in order.</summary>
public static class DescriptorNumbers
{
    public static IReadOnlyList<int> Parse(string ranges) => ranges.Split(',').SelectMany(range =>
    {
        var bounds = range.Split('-').Select(part => int.Parse(part, CultureInfo.InvariantCulture)).ToArray();
        return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
    }).ToList();
}
