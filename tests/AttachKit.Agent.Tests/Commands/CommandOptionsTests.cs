using AttachKit.Agent.Commands;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Commands;

public class CommandOptionsTests
{
    private static readonly CommandOptions Options = new([new("--duration", "<time>"), new("--count", "<n>"), new("--compact")]);

    [Fact]
    public void ValuesComeSeparateOrAfterAnEqualsSign()
    {
        var parsed = Options.Parse("cmd", ["--duration", "2s", "--count=3", "--compact"]);

        Assert.Equal(TimeSpan.FromSeconds(2), parsed.Duration("--duration", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1)));
        Assert.Equal(3, parsed.Integer("--count", 1, 1, 10));
        Assert.True(parsed.Has("--compact"));
    }

    [Theory]
    [InlineData("--fast", "'cmd': unknown argument '--fast'; it takes --duration <time>, --count <n>, --compact")]
    [InlineData("--duration", "'cmd': --duration needs a value (--duration <time>)")]
    [InlineData("--compact=yes", "'cmd': --compact takes no value")]
    [InlineData("--count=0", "'cmd': --count must be a whole number from 1 to 10 (got '0')")]
    [InlineData("--duration=soon", "'cmd': --duration 'soon' is not a duration (use e.g. 30s, 500ms, 2m)")]
    [InlineData("--duration=2h", "'cmd': --duration must be between 0.000 ms and 1h 00m 00s (got 2h)")]
    public void BadArgumentsAreInvalidWithAMessage(string argument, string message)
    {
        var e = Assert.Throws<CommandException>(() =>
        {
            var parsed = Options.Parse("cmd", [argument]);
            parsed.Duration("--duration", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1));
            parsed.Integer("--count", 1, 1, 10);
        });

        Assert.Equal(new ReplyStatus(StatusCode.InvalidArguments, message), e.Status);
    }

    [Fact]
    public void AnOptionGivenTwiceIsRefused()
        => Assert.Equal("'cmd': --count is given twice", Assert.Throws<CommandException>(() => Options.Parse("cmd", ["--count", "1", "--count", "2"])).Message);

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2", 2)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    public void DurationsTakeAUnit(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("2 s")]
    [InlineData("1d")]
    public void NonDurationsParseToNull(string text) => Assert.Null(Durations.Parse(text));
}
