using AttachKit.Cli;
using AttachKit.Testing;
using AttachKit.Testing.Hostile;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// <c>fd-export</c> hands root descriptors the target chose, described by rows the target wrote. Root
/// must check each descriptor is what its row says (a file is that file, a socket is a socket of that
/// kind, a listener listens) before it reads one or passes them to a command: else it reads what the
/// target could not (an O_PATH descriptor of /etc/shadow, opened anew through /proc by root) or starts
/// a command on sockets that are not what it was told.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Cli")]
public class ReceivedDescriptorTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ADescriptorOfEtcShadowSentAsALogFileIsNotReadAndExitsWithSeven()
    {
        using var target = await HostileTarget.StartAsync("fd-shadow");

        var result = await CliProcess.RunBytesAsync([target.Text, "fd-export", "3", "--read"], CliLimit);

        // What was printed stays out of the message: it would be this machine's /etc/shadow.
        Assert.False(result.StdoutHas("root:"), $"/etc/shadow was printed: {result.Describe(withStdout: false)}");
        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.Describe(withStdout: false));
        Assert.Equal(1, target.Events().Where(e => e.Event == "sent").Sum(e => e.Descriptors));
    }

    [Fact]
    public async Task ARegularFileSentAsATcpSocketIsNotReadAndExitsWithSeven()
    {
        using var target = await HostileTarget.StartAsync("fd-mismatch");

        var result = await CliProcess.RunBytesAsync([target.Text, "fd-export", "7", "--read"], CliLimit);

        Assert.False(result.StdoutHas("not-a-socket"), $"the file was read as a socket: {result}");
        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
    }

    [Theory]
    [InlineData("socketpair")]
    [InlineData("file")]
    [InlineData("both")]
    public async Task DescriptorsSentAsAListeningTcpSocketThatAreNotOneNeverReachTheCommandAndExitWithSeven(string which)
    {
        using var target = await HostileTarget.StartAsync("fd-fake-listener", which);
        using var markers = ScratchDirectory.Create();
        var marker = Path.Combine(markers.Path, "ran");

        var result = await CliProcess.RunBytesAsync([target.Text, "fd-export", "--listeners", "--exec", "--", "/bin/sh", "-c", $"touch '{marker}'"], CliLimit);

        Assert.False(File.Exists(marker), $"the command ran with the descriptors: {result}");
        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
    }
}
