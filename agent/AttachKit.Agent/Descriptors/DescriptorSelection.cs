using System.Globalization;

namespace AttachKit.Agent.Descriptors;

/// <summary>
/// Which descriptors <c>fd-export</c> was asked for: <c>--listeners</c>, or numbers and ranges
/// (<c>5</c>, <c>7-9</c>, <c>3,10-12</c>) in the order given.
/// </summary>
internal sealed class DescriptorSelection
{
    public const string ListenersArgument = "--listeners";

    private const string Usage = "give descriptor numbers and ranges (5 7-9 or 5,7-9), or --listeners";

    private readonly IReadOnlyList<(int First, int Last)> _ranges;

    private DescriptorSelection(bool listeners, IReadOnlyList<(int First, int Last)> ranges)
    {
        Listeners = listeners;
        _ranges = ranges;
    }

    /// <summary>Every listening TCP and Unix socket (the agent's own excepted).</summary>
    public bool Listeners { get; }

    /// <exception cref="FormatException">The arguments are not a selection; the message says what is.</exception>
    public static DescriptorSelection Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new FormatException($"no descriptors given: {Usage}");
        }

        if (arguments.Contains(ListenersArgument))
        {
            return arguments.Count == 1
                ? new DescriptorSelection(listeners: true, [])
                : throw new FormatException($"{ListenersArgument} takes no descriptor numbers besides");
        }

        var ranges = new List<(int, int)>();
        foreach (var part in arguments.SelectMany(argument => argument.Split(',')))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = Number(dash < 0 ? part : part[..dash]);
            var last = dash < 0 ? first : Number(part[(dash + 1)..]);
            if (last < first)
            {
                throw new FormatException($"'{part}' is an empty range: {Usage}");
            }

            ranges.Add((first, last));
        }

        return new DescriptorSelection(listeners: false, ranges);
    }

    /// <summary>
    /// The numbers, in the order given, each checked against the open ones. A range is never expanded
    /// past the count of open descriptors, so no argument can make the agent allocate more than that.
    /// </summary>
    /// <exception cref="FormatException">A number is not open, or is given twice.</exception>
    public IReadOnlyList<int> Resolve(IReadOnlyList<int> open)
    {
        var openSet = open.ToHashSet();
        var chosen = new List<int>();
        var seen = new HashSet<int>();
        foreach (var (first, last) in _ranges)
        {
            if ((long)last - first + 1 > openSet.Count - chosen.Count)
            {
                throw new FormatException($"{Describe(first, last)} spans more descriptors than are open; {FirstClosed(first, last, openSet)} is not open in process {Environment.ProcessId}");
            }

            for (var fd = first; fd <= last; fd++)
            {
                if (!openSet.Contains(fd))
                {
                    throw new FormatException($"fd {fd} is not open in process {Environment.ProcessId}");
                }

                if (!seen.Add(fd))
                {
                    throw new FormatException($"fd {fd} is asked for twice");
                }

                chosen.Add(fd);
            }
        }

        return chosen;
    }

    private static string Describe(int first, int last)
        => first == last ? string.Create(CultureInfo.InvariantCulture, $"fd {first}") : string.Create(CultureInfo.InvariantCulture, $"fds {first}-{last}");

    private static string FirstClosed(int first, int last, HashSet<int> open)
    {
        for (var fd = first; fd <= last; fd++)
        {
            if (!open.Contains(fd))
            {
                return string.Create(CultureInfo.InvariantCulture, $"fd {fd}");
            }
        }

        return "one";
    }

    private static int Number(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{text}' is not a descriptor number: {Usage}");
}
