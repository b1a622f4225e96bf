using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace AttachKit.Agent.Hosting.Tests;

public class AgentConfigurationTests
{
    [Fact]
    public void EveryKeyOfTheSectionSetsItsOption()
    {
        var options = Apply(new()
        {
            ["AttachKit:Disabled"] = "true",
            ["AttachKit:DisabledCommands:0"] = "version",
            ["AttachKit:DisabledCommands:1"] = "cache.clear",
            ["AttachKit:SocketDirectory"] = "/run/app",
            ["AttachKit:CommandTimeout"] = "2.5",
            ["AttachKit:MaxConnections"] = "4",
            ["AttachKit:TriggerSignal"] = "SIGUSR2",
        });

        Assert.True(options.Disabled);
        Assert.Equal(["cache.clear", "version"], options.DisabledCommands.Order());
        Assert.Equal("/run/app", options.SocketDirectory);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.CommandTimeout);
        Assert.Equal(4, options.MaxConnections);
        Assert.Equal((PosixSignal)12, options.TriggerSignal);
    }

    [Fact]
    public void KeysAreReadWithoutRegardToCaseAndAListCanBeOneCommaSeparatedValue()
    {
        var options = Apply(new() { ["attachkit:disabled"] = "False", ["ATTACHKIT:DISABLEDCOMMANDS"] = " version ,, help" });

        Assert.False(options.Disabled);
        Assert.Equal(["help", "version"], options.DisabledCommands.Order());
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0.25", 0.25)]
    [InlineData("00:01:30", 90)]
    public void ACommandTimeoutIsSecondsOrAClockDurationNeverDays(string value, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), Apply(new() { ["AttachKit:CommandTimeout"] = value }).CommandTimeout);

    [Fact]
    public void AnAbsentSectionLeavesTheOptionsAsTheCodeSetThem()
    {
        var options = new AttachAgentOptions { CommandTimeout = TimeSpan.FromSeconds(3), Disabled = true };

        AgentConfiguration.Apply(Section([]), options);

        Assert.Equal(TimeSpan.FromSeconds(3), options.CommandTimeout);
        Assert.True(options.Disabled);
        Assert.Equal(16, options.MaxConnections);
    }

    [Theory]
    [InlineData("Disabled", "yes", "configuration AttachKit:Disabled = 'yes' is not true or false")]
    [InlineData("CommandTimeout", "0", "configuration AttachKit:CommandTimeout = '0' is not a positive duration")]
    [InlineData("CommandTimeout", "-5", "configuration AttachKit:CommandTimeout = '-5' is not a positive duration")]
    [InlineData("MaxConnections", "0", "configuration AttachKit:MaxConnections = '0' is not a positive whole number")]
    [InlineData("MaxConnections", "many", "configuration AttachKit:MaxConnections = 'many' is not a positive whole number")]
    [InlineData("TriggerSignal", "LOUD", "configuration AttachKit:TriggerSignal = 'LOUD' is not a signal")]
    [InlineData("Disable", "true", "configuration AttachKit:Disable = 'true' is not an AttachKit setting; known: Disabled, DisabledCommands")]
    public void AnInvalidValueOrUnknownKeyIsRefusedNamingIt(string key, string value, string expected)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Apply(new() { [$"AttachKit:{key}"] = value }));

        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
    }

    private static AttachAgentOptions Apply(Dictionary<string, string?> values)
    {
        var options = new AttachAgentOptions();
        AgentConfiguration.Apply(Section(values), options);
        return options;
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(AgentConfiguration.SectionName);
}
