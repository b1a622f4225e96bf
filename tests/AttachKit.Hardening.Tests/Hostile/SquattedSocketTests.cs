using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;
using AttachKit.Testing.Hostile;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// Another user listens at the name a victim's listener would have (its TMPDIR is world-writable, as
/// /tmp is). Root's attach must find out who answers before it sends a byte: the listener's pid must
/// be the target's and its uid the target's effective uid (SO_PEERCRED), else nothing is sent.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Cli")]
public class SquattedSocketTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ASocketAnotherUserSquatsAtADotnetProcesssNameIsRefusedWithFiveBeforeAByteIsSent()
    {
        // A .NET process without the agent: SIGQUIT would end it. Its TMPDIR is world-writable and sticky.
        using var victim = await TargetApp.StartAsync("plain", [], new TargetOptions { IgnoreQuit = false });
        Files.MakeSticky(victim.SocketDirectory);
        using var squatter = await HostileTarget.SquatAsync(victim.SocketPath);

        var result = await CliProcess.RunBytesAsync([victim.Pid.ToString(CultureInfo.InvariantCulture), "version"], CliLimit);
        await squatter.SettleAsync(TimeSpan.FromSeconds(3));
        await Task.Delay(300);

        Assert.True(squatter.BytesReceived == 0, $"the squatter (pid {squatter.Pid}) received {squatter.BytesReceived} bytes; attachkit: {result}");
        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.True(result.StderrHas(victim.SocketPath), result.ToString());
        Assert.True(result.StderrHas("uid 65534"), result.ToString());
        Assert.True(result.StderrHas(squatter.Text), result.ToString());
        Assert.False(victim.HasExited, "the victim died (was it signalled?)");
    }

    [Fact]
    public async Task ASocketAnotherUserSquatsAtAJvmsListenerNameGetsNothingAndTheJvmTakesItsNameBack()
    {
        // The squatter's socket is not the JVM user's, so nothing connects to it to send; the JVM, signalled
        // with its trigger file, binds its listener anew and renames it over the squatter's (as root it may).
        using var jvm = JvmTarget.Start();
        using var squatter = await HostileTarget.SquatAsync(jvm.SocketPath);

        var result = await CliProcess.RunBytesAsync([jvm.Pid.ToString(CultureInfo.InvariantCulture), "properties"], CliLimit);
        await squatter.SettleAsync(TimeSpan.FromSeconds(3));

        Assert.True(squatter.BytesReceived == 0, $"the squatter (pid {squatter.Pid}) received {squatter.BytesReceived} bytes; attachkit: {result}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.StdoutHas("java.specification.version"), result.ToString());
        Assert.False(jvm.HasExited, "the JVM died");
    }
}
