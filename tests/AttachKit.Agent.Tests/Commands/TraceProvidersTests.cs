using AttachKit.Agent.Commands.DiagnosticPort;
using AttachKit.Agent.EventPipe;

namespace AttachKit.Agent.Tests.Commands;

public class TraceProvidersTests
{
    [Fact]
    public void ProvidersTakeKeywordsLevelAndArgumentsAsDotnetTraceWritesThem()
    {
        var (providers, error) = TraceProviders.Parse("Microsoft-Windows-DotNETRuntime:0x8001:4,System.Runtime:*:informational:EventCounterIntervalSec=1;Extra=a=b,My-Source");

        Assert.Null(error);
        Assert.Equal(3, providers.Count);
        Assert.Equal(("Microsoft-Windows-DotNETRuntime", 0x8001L, EventPipeLevel.Informational), (providers[0].Name, providers[0].Keywords, providers[0].Level));
        Assert.Equal(-1L, providers[1].Keywords);
        Assert.Equal("1", providers[1].Arguments!["EventCounterIntervalSec"]);
        Assert.Equal("a=b", providers[1].Arguments!["Extra"]);
        Assert.Equal(("My-Source", -1L, EventPipeLevel.Verbose), (providers[2].Name, providers[2].Keywords, providers[2].Level));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Foo:zz")]
    [InlineData("Foo:0x1:9")]
    [InlineData("Foo:0x1:loud")]
    [InlineData("Foo:0x1:4:novalue")]
    [InlineData(":0x1")]
    public void MalformedProvidersAreRefused(string text) => Assert.NotNull(TraceProviders.Parse(text).Error);

    [Fact]
    public void EveryProfileHasProviders()
        => Assert.All(TraceProfiles.All, profile => Assert.NotEmpty(profile.Value.Providers));
}
