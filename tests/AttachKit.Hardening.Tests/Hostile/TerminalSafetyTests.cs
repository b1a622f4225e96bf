using AttachKit.Cli;
using AttachKit.Testing;
using AttachKit.Testing.Hostile;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// A target's text reaches root's terminal. Text replies on stdout have every control character but
/// newline and tab written as \xNN (lowercase hex), as are DEL, C1 controls and bytes that are not
/// UTF-8; valid UTF-8 passes as it is; <c>--raw</c> passes the bytes as they came. Messages on stderr
/// (a status line's text) are always escaped.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Cli")]
public class TerminalSafetyTests
{
    private const string Raw = "--raw";

    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EscapesInATextReplyAreWrittenAsHexAndTabsNewlinesAndUtf8Stay()
    {
        using var target = await HostileTarget.StartAsync("escape");

        var result = await CliProcess.RunBytesAsync([target.Text, "version"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertEscaped(result);
    }

    [Fact]
    public async Task RawPassesATextReplysBytesAsTheyCame()
    {
        using var target = await HostileTarget.StartAsync("escape");

        var result = await CliProcess.RunBytesAsync([target.Text, "version", Raw], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        byte[] sent = [.. HostileTarget.Escapes, .. HostileTarget.PlainUtf8];
        Assert.Equal(sent, result.Stdout);
        foreach (var request in target.Requests())
        {
            Assert.True(!request.Contains(Raw), $"--raw was sent to the target as an argument: {string.Join(' ', request)}");
        }
    }

    [Fact]
    public async Task Utf8CharactersCutAcrossChunksPassUnchanged()
    {
        using var target = await HostileTarget.StartAsync("utf8-split");

        var result = await CliProcess.RunBytesAsync([target.Text, "version"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(HostileTarget.PlainUtf8, result.Stdout);
    }

    [Theory]
    [InlineData("escape-error", false)]
    [InlineData("escape-error", true)]
    [InlineData("escape-refusal", false)]
    [InlineData("escape-refusal", true)]
    public async Task EscapesInAStatusMessageAreWrittenAsHexOnStderrEvenWithRaw(string mode, bool raw)
    {
        using var target = await HostileTarget.StartAsync(mode);

        var result = await CliProcess.RunBytesAsync(raw ? [target.Text, "version", Raw] : [target.Text, "version"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        Assert.True(!result.Stderr.Contains((byte)0x1b) && !result.Stderr.Contains((byte)0x07), $"stderr carries the target's escapes: {result}");
        Assert.True(result.StderrHas(@"\x1b[2Jbad\x1b]0;x\x07"), result.ToString());
    }

    [Fact]
    public async Task EscapesInAJvmsTextAreWrittenAsHex()
    {
        using var target = await HostileTarget.StartAsync("jvm-escape", HostileTarget.LibJvm);

        var result = await CliProcess.RunBytesAsync([target.Text, "properties"], CliLimit);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertEscaped(result);
    }

    // The escape mode's text, as it must reach a terminal.
    private static void AssertEscaped(ByteRunResult result)
    {
        var stdout = result.Stdout;
        foreach (var control in new byte[] { 0x1b, 0x07, 0x0d, 0x9b })
        {
            Assert.True(!stdout.Contains(control), $"stdout carries byte 0x{control:x2}: {result}");
        }

        Assert.True(stdout.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xc2, 0x9b]) < 0, $"stdout carries U+009B (a C1 CSI): {result}");
        Assert.True(result.StdoutHas(@"\x1b]0;pwned\x07\x1b[2J\x0d"), $"the escapes are not written as \\xNN: {result}");
        Assert.True(result.StdoutHas(@" \x9b end"), $"the lone byte 0x9b is not written as \\x9b: {result}");
        Assert.True(result.StdoutHas("hello\t1\n"), $"the tab or the newline did not stay: {result}");
        Assert.True(result.StdoutHas("caf\u00e9 \u2713\n"), $"valid UTF-8 did not pass unchanged: {result}");
    }
}
