using System.Globalization;
using System.Text.Json;
using AttachKit.Attacher.Jvm;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Jvm;

/// <summary>attachkit's commands on a HotSpot JVM, all on one JVM; each test checks it is still alive.</summary>
[Trait("Category", "Cli")]
public sealed class JvmCommandTests(SharedJvm shared) : IClassFixture<SharedJvm>
{
    private readonly JvmTarget _jvm = shared.Jvm;

    private string Pid => _jvm.Pid.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task ThreadsPrintsTheJvmsThreadDumpWithItsOwnThreads()
    {
        var result = await CliProcess.RunAsync(Pid, "threads");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Full thread dump", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"blocked-0\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"main\"", result.Stdout, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task JcmdPrintsWhatJcmdItselfPrints()
    {
        var ours = await CliProcess.RunAsync(Pid, "jcmd", "VM.version");
        var theirs = await ProcessRunner.RunAsync(["jcmd", Pid, "VM.version"]);

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.Contains("JDK ", ours.Stdout, StringComparison.Ordinal);

        // jcmd heads its output with "<pid>:"; the rest is the JVM's text, as here.
        Assert.Equal(MeaningfulLines(theirs.Stdout).Where(line => line != Pid + ":"), MeaningfulLines(ours.Stdout));
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task JcmdPassesAllItsWordsAsOneCommandLine()
    {
        var result = await CliProcess.RunAsync(Pid, "jcmd", "Thread.print", "-l");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Locked ownable synchronizers", result.Stdout, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task AnUnknownDiagnosticCommandExitsWithSixAndTheJvmsMessage()
    {
        var result = await CliProcess.RunAsync(Pid, "jcmd", "No.such_command");

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        Assert.Contains("Unknown diagnostic command", result.Stderr, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task AnUnknownListenerCommandExitsWithSixAndPointsToJcmd()
    {
        var result = await CliProcess.RunAsync(Pid, "VM.version");

        Assert.True(result.ExitCode == ExitCodes.CommandFailed, result.ToString());
        Assert.Contains("Operation VM.version not recognized", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"attachkit {Pid} jcmd VM.version", result.Stderr, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task ListenerCommandsPassThroughUnchanged()
    {
        var flag = await CliProcess.RunAsync(Pid, "printflag", "MaxHeapSize");
        var properties = await CliProcess.RunAsync(Pid, "properties");

        Assert.True(flag.ExitCode == 0, flag.ToString());
        Assert.StartsWith("-XX:MaxHeapSize=", flag.Stdout, StringComparison.Ordinal);
        Assert.True(properties.ExitCode == 0, properties.ToString());
        Assert.Contains("java.vm.name=", properties.Stdout, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Theory]
    [InlineData("threads", "--group")]
    [InlineData("threads", "--top", "3")]
    [InlineData("version", "--signal", "USR2")]
    [InlineData("help", "extra")]
    public async Task OptionsForDotNetTargetsAreRefusedWithExitOne(params string[] arguments)
    {
        var result = await CliProcess.RunAsync([Pid, .. arguments], timeout: null);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("attachkit: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task JsonCarriesTheJvmsTextWithWhatWasAsked()
    {
        var jcmd = await CliProcess.RunAsync(Pid, "jcmd", "VM.version", "--json");
        var threads = await CliProcess.RunAsync(Pid, "threads", "--locks", "--json");
        var text = await CliProcess.RunAsync(Pid, "jcmd", "VM.version");

        Assert.True(jcmd.ExitCode == 0, jcmd.ToString());
        using var version = JsonDocument.Parse(jcmd.Stdout);
        Assert.Equal(_jvm.Pid, version.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal("hotspot", version.RootElement.GetProperty("target").GetString());
        Assert.Equal("jcmd", version.RootElement.GetProperty("request").GetProperty("command").GetString());
        Assert.Equal(["VM.version"], version.RootElement.GetProperty("request").GetProperty("arguments").EnumerateArray().Select(word => word.GetString()));
        Assert.Equal(text.Stdout, version.RootElement.GetProperty("output").GetString());

        Assert.True(threads.ExitCode == 0, threads.ToString());
        using var dump = JsonDocument.Parse(threads.Stdout);
        Assert.Equal("threaddump", dump.RootElement.GetProperty("request").GetProperty("command").GetString());
        Assert.Equal(["l"], dump.RootElement.GetProperty("request").GetProperty("arguments").EnumerateArray().Select(flag => flag.GetString()));
        Assert.Contains("Full thread dump", dump.RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.False(_jvm.HasExited);
    }

    [Fact]
    public async Task JsonHelpListsTheCommandsAndAJsonFailureKeepsItsExitCode()
    {
        var help = await CliProcess.RunAsync(Pid, "help", "--json");
        var failed = await CliProcess.RunAsync(Pid, "jcmd", "No.such_command", "--json");

        Assert.True(help.ExitCode == 0, help.ToString());
        using var commands = JsonDocument.Parse(help.Stdout);
        Assert.Equal(["help", .. JvmCommandNames], commands.RootElement.GetProperty("commands").EnumerateArray().Select(name => name.GetString()));

        Assert.True(failed.ExitCode == ExitCodes.CommandFailed, failed.ToString());
        using var error = JsonDocument.Parse(failed.Stdout);
        Assert.Equal(ExitCodes.CommandFailed, error.RootElement.GetProperty("error").GetProperty("exitCode").GetInt32());
        Assert.Contains("Unknown diagnostic command", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsWhatWorksOnAJvm()
    {
        var result = await CliProcess.RunAsync(Pid, "help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Process {Pid} is a HotSpot JVM", result.Stdout, StringComparison.Ordinal);
        foreach (var command in JvmCommandNames)
        {
            Assert.Contains("  " + command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheLibraryAttachesInProcess()
    {
        var client = new HotSpotClient();

        var properties = await client.RunAsync(_jvm.Pid, new HotSpotRequest("properties"));
        var failure = await Assert.ThrowsAsync<JvmCommandFailedException>(() => client.RunAsync(_jvm.Pid, HotSpotRequest.Jcmd(["No.such_command"])));

        Assert.Contains("java.vm.name=", properties, StringComparison.Ordinal);
        Assert.Equal(-1, failure.Status);
        Assert.Equal(ExitCodes.CommandFailed, ExitCodes.For(failure));
    }

    [Fact]
    public async Task DetectionTellsAJvmFromADotNetProcessWithAndWithoutTheAgent()
    {
        using var agent = await TargetApp.StartAsync("agent");

        Assert.Equal(TargetKind.HotSpot, TargetDetection.Detect(_jvm.Pid));
        Assert.Equal(TargetKind.AttachKitAgent, TargetDetection.Detect(agent.Pid));
        Assert.Equal(TargetKind.Unknown, TargetDetection.Detect(Environment.ProcessId));
    }

    private static readonly string[] JvmCommandNames = ["threads", "deadlocks", "jcmd", "properties", "agentProperties", "inspectheap", "dumpheap", "printflag", "setflag", "datadump", "load"];

    private static IEnumerable<string> MeaningfulLines(string text) => text.Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0);
}
