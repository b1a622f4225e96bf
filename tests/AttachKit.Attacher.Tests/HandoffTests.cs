using System.Text.Json;
using AttachKit.Protocol;
using AttachKit.Testing;
using Xunit.Abstractions;

namespace AttachKit.Attacher.Tests;

public class HandoffTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AListenerHandedToANewServerUnderLoadLosesNoRequest()
    {
        var result = await Handoff.RunAsync(TimeSpan.FromSeconds(10));
        output.WriteLine(result.ToString());

        Assert.True(result.Failures == 0, result.ToString());
        Assert.True(result.ServedByOld > 0 && result.ServedByNew > 0, result.ToString());
        Assert.True(result.Duration >= TimeSpan.FromSeconds(10), result.ToString());
        Assert.True(result.OldExitCode == 0 && result.CliExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task FdsOnTheSampleListsItsListeningSocketWithItsAddress()
    {
        using var server = await TargetApp.StartAsync("handoff", [], new TargetOptions { Program = Artifacts.SampleHandoff }, readyMarker: "serving ");
        var address = server.Output.Split(' ', '\n').First(word => word.StartsWith("127.0.0.1:", StringComparison.Ordinal));

        var json = await new AttachClient().RunAsync(server.Pid, "fds", format: ReplyFormat.Json);

        using var document = JsonDocument.Parse(json);
        var listeners = document.RootElement.GetProperty("descriptors").EnumerateArray()
            .Where(row => row.GetProperty("kind").GetString() == "tcp" && row.GetProperty("listening").GetBoolean())
            .Select(row => row.GetProperty("local").GetString());
        Assert.Equal([address], listeners);
        Assert.Equal(server.Pid, document.RootElement.GetProperty("pid").GetInt32());
    }
}
