using AttachKit.Agent.Descriptors;

namespace AttachKit.Agent.Tests.Descriptors;

public class DescriptorSelectionTests
{
    private static readonly int[] Open = [0, 1, 2, 5, 6, 7, 8, 20];

    [Fact]
    public void NumbersAndRangesResolveInTheOrderGiven()
    {
        Assert.Equal([20, 5, 6, 7, 1], DescriptorSelection.Parse(["20", "5-7,1"]).Resolve(Open));
    }

    [Fact]
    public void ListenersStandsAlone()
    {
        Assert.True(DescriptorSelection.Parse(["--listeners"]).Listeners);
        Assert.Throws<FormatException>(() => DescriptorSelection.Parse(["--listeners", "5"]));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5-")]
    [InlineData("-5")]
    [InlineData("7-5")]
    [InlineData("5,,6")]
    [InlineData("+5")]
    public void WhatIsNotANumberOrRangeIsRefused(string argument)
    {
        Assert.Throws<FormatException>(() => DescriptorSelection.Parse([argument]));
    }

    [Fact]
    public void NothingGivenIsRefused()
    {
        Assert.Throws<FormatException>(() => DescriptorSelection.Parse([]));
    }

    [Fact]
    public void ANumberThatIsNotOpenOrGivenTwiceIsRefused()
    {
        var notOpen = Assert.Throws<FormatException>(() => DescriptorSelection.Parse(["5-9"]).Resolve(Open));
        var twice = Assert.Throws<FormatException>(() => DescriptorSelection.Parse(["5", "5"]).Resolve(Open));

        Assert.Contains("fd 9 is not open", notOpen.Message, StringComparison.Ordinal);
        Assert.Contains("fd 5 is asked for twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeRangeIsRefusedWithoutBeingExpanded()
    {
        var failure = Assert.Throws<FormatException>(() => DescriptorSelection.Parse(["0-2147483646"]).Resolve(Open));

        Assert.Contains("fd 3 is not open", failure.Message, StringComparison.Ordinal);
    }
}
