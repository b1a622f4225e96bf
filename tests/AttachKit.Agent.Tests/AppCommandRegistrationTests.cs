using AttachKit.Protocol;
using Serilog.Core;

namespace AttachKit.Agent.Tests;

public class AppCommandRegistrationTests
{
    private static readonly AttachCommandHandler Nothing = (_, _, _) => ReplyStatus.Ok;

    [Theory]
    [InlineData("help")]
    [InlineData("version")]
    [InlineData("loglevel")]
    [InlineData("tasks")]
    [InlineData("deadlocks")]
    public void ACommandNamedLikeABuiltInOneIsRejected(string name)
    {
        var failure = Assert.Throws<ArgumentException>(() => new AttachAgentOptions().AddCommand(name, "mine", Nothing));

        Assert.StartsWith($"'{name}' is a built-in command of AttachKit; choose another name (built-in: {string.Join(", ", AttachKit.Agent.Commands.CommandTable.BuiltIn().Names)}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameCommandAddedTwiceIsRejected()
    {
        var options = new AttachAgentOptions().AddCommand("cache.clear", "empty the cache", Nothing);

        var failure = Assert.Throws<ArgumentException>(() => options.AddCommand("cache.clear", "again", Nothing));

        Assert.StartsWith("a command named 'cache.clear' was added already", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "must start with an ASCII letter")]
    [InlineData("--json", "must start with an ASCII letter")]
    [InlineData("7up", "must start with an ASCII letter")]
    [InlineData("cache clear", "has ' '; only ASCII letters, digits, '.', '_' and '-' are allowed")]
    [InlineData("cache\0clear", "only ASCII letters, digits")]
    [InlineData("caché", "has 'é'")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234", "is longer than the protocol's 64 bytes")]
    public void ANameOutsideTheProtocolsLimitsIsRejected(string name, string reason)
    {
        var failure = Assert.Throws<ArgumentException>(() => new AttachAgentOptions().AddCommand(name, "summary", Nothing));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameOfSixtyFourBytesAndEveryAllowedCharacterIsAccepted()
    {
        var name = "Cache.clear_all-2" + new string('x', 64 - 17);

        var options = new AttachAgentOptions().AddCommand(name, "summary", Nothing);

        Assert.Equal(name, Assert.Single(options.AppCommands).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two\nlines")]
    public void ASummaryMustBeOneLine(string summary)
        => Assert.Throws<ArgumentException>(() => new AttachAgentOptions().AddCommand("mine", summary, Nothing));

    [Theory]
    [InlineData("Debug", "is a level's name")]
    [InlineData("info", "is a level's name")]
    [InlineData("app", "a level switch named 'app' was registered already")]
    [InlineData("my switch", "only ASCII letters")]
    public void ALevelSwitchNamedLikeALevelOrTakenOrBadlyIsRejected(string name, string reason)
    {
        var options = new AttachAgentOptions().AddLevelSwitch("app", new LoggingLevelSwitch());

        var failure = Assert.Throws<ArgumentException>(() => options.AddLevelSwitch(name, new LoggingLevelSwitch()));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
