using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// What a client may ask of <c>threads</c> (docs/PROTOCOL.md §6): a CPU interval, and the code epoch of
/// the method map it kept from an earlier dump.
/// </summary>
internal sealed record ThreadsArguments(TimeSpan? Interval, string? KnownEpoch)
{
    /// <summary>The longest CPU interval a client may ask for: the dump must fit in the command deadline.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);

    /// <exception cref="CommandException">The arguments are not valid.</exception>
    public static ThreadsArguments Parse(IReadOnlyList<string> arguments)
    {
        TimeSpan? interval = null;
        string? epoch = null;
        for (var i = 0; i + 1 < arguments.Count && arguments.Count % 2 == 0; i += 2)
        {
            switch (arguments[i])
            {
                case "--interval" when interval is null && DurationText.TryParse(arguments[i + 1], out var value) && value <= MaxInterval:
                    interval = value;
                    continue;
                case "--method-epoch" when epoch is null:
                    epoch = arguments[i + 1];
                    continue;
            }

            break;
        }

        if ((interval is null ? 0 : 2) + (epoch is null ? 0 : 2) != arguments.Count)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"'threads' takes '--interval <duration>' (e.g. 1s, 500ms; at most {MaxInterval.TotalSeconds:0} s) and '--method-epoch <epoch>', both optional; got '{string.Join(' ', arguments)}'");
        }

        return new ThreadsArguments(interval, epoch);
    }
}
