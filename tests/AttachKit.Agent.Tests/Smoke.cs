using AttachKit.Testing;

namespace AttachKit.Agent.Tests;

public class Smoke
{
    [Fact]
    public async Task TargetStarts()
    {
        using var target = await TargetApp.StartAsync("agent");
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var result = await CliProcess.RunAsync(target.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "version");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
