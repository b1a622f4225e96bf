using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class HelpTextTests
{
    [Fact]
    public async Task TheUsageReadsAsReadmeWritesItWithoutAStrayCommandWord()
    {
        var result = await CliProcess.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:\n  attachkit <pid> <command> [args…] [options]\n  attachkit list|completion …\n\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[command]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignalsDefaultIsShownByItsName()
    {
        var result = await CliProcess.RunAsync("--help");

        var line = result.Stdout.Split('\n').Single(line => line.TrimStart().StartsWith("--signal", StringComparison.Ordinal));
        Assert.EndsWith("[default: QUIT]", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASubcommandsHelpKeepsItsOwnUsage()
    {
        var result = await CliProcess.RunAsync("list", "--help");

        Assert.Contains("Usage:\n  attachkit list [options]\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignalThatIsNeitherANameNorANumberIsABadCommandLine()
    {
        var result = await CliProcess.RunAsync("1", "version", "--signal", "NOPE");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'NOPE' is not a signal", result.Stderr, StringComparison.Ordinal);
    }
}
