using AttachKit.Testing;

namespace AttachKit.Hardening.Tests;

[Trait("Category", "Cli")]
public class DegradationTests
{
    [Fact]
    public async Task ATargetWithAStarvedThreadPoolAndSaturatedCpuStillAnswers()
    {
        using var target = await TargetApp.StartAsync("starved");
        Assert.Contains("starved: ", target.Output, StringComparison.Ordinal);

        var first = await CliProcess.RunAsync(target.Text(), "version");
        var again = await CliProcess.RunAsync(target.Text(), "help");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
    }
}
