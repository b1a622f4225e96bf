namespace AttachKit.Protocol.Tests;

public class CommandUsageTests
{
    [Fact]
    public void TheLineHasTheArgumentsThenEachOptionBracketedUnlessRequired()
    {
        var usage = new CommandUsage("<fd>", [new("-o", "<file>", Required: true), new("--type", "full|heap"), new("--compact")]);

        Assert.Equal("<fd> -o <file> [--type full|heap] [--compact]", usage.Text);
    }

    [Theory]
    [InlineData("full|heap|mini|triage", "full heap mini triage")]
    [InlineData("<time>", "")]
    [InlineData("-- <command> [args…]", "")]
    [InlineData(null, "")]
    public void OnlyAFixedFewValuesAreChoices(string? value, string choices)
        => Assert.Equal(choices.Split(' ', StringSplitOptions.RemoveEmptyEntries), new CommandOption("--x", value).Choices);

    [Fact]
    public void EveryOptionOfTheTableIsNamedOnceForItsCommandAndStartsWithADash()
        => Assert.All(BuiltInCommands.All, command =>
        {
            var names = BuiltInCommands.Usage(command).Options.Select(option => option.Name).ToList();
            Assert.Equal(names.Distinct(), names);
            Assert.All(names, name => Assert.StartsWith("-", name, StringComparison.Ordinal));
        });

    [Fact]
    public void ACommandThatIsNotBuiltInTakesNothingHere()
        => Assert.Same(CommandUsage.None, BuiltInCommands.Usage("cache.stats"));
}
