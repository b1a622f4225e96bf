using System.Globalization;
using AttachKit.Cli;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Jvm;

/// <summary>
/// Starting a JVM's attach listener, and what must not start it: a fresh JVM per test. A SIGQUIT that
/// reaches a JVM without the trigger file prints a thread dump to its stdout, so a dump there means
/// it was signalled blindly.
/// </summary>
[Trait("Category", "Cli")]
public sealed class JvmAttachTests
{
    private const string ThreadDumpHeader = "Full thread dump";

    [Fact]
    public async Task ColdAttachStartsTheListenerAndWarmAttachUsesIt()
    {
        using var jvm = JvmTarget.Start();
        Assert.False(File.Exists(jvm.SocketPath));

        var cold = await CliProcess.RunAsync(Pid(jvm), "jcmd", "VM.version");
        Assert.True(File.Exists(jvm.SocketPath));
        var warm = await CliProcess.RunAsync(Pid(jvm), "jcmd", "VM.version");

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Contains("JDK ", cold.Stdout, StringComparison.Ordinal);
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Empty(TriggerFiles(jvm));
        Assert.DoesNotContain(ThreadDumpHeader, jvm.Output, StringComparison.Ordinal);
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task RequestsOverTheJvmsLimitsExitWithOneWithoutSignalling()
    {
        using var jvm = JvmTarget.Start();

        var longName = await CliProcess.RunAsync(Pid(jvm), "seventeen-letters");
        var longArgument = await CliProcess.RunAsync(Pid(jvm), "jcmd", "VM.version", new string('x', 1025));
        var fourArguments = await CliProcess.RunAsync(Pid(jvm), "setflag", "a", "b", "c", "d");
        await Task.Delay(300);

        foreach (var result in new[] { longName, longArgument, fourArguments })
        {
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        }

        Assert.Contains("at most 16", longName.Stderr, StringComparison.Ordinal);
        Assert.Contains("at most 1024", longArgument.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(jvm.SocketPath));
        Assert.DoesNotContain(ThreadDumpHeader, jvm.Output, StringComparison.Ordinal);
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AJvmRunningAsNobodyIsAttachedToAsRoot()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { User = "nobody", Threads = 1 });

        var result = await CliProcess.RunAsync(Pid(jvm), "threads");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"blocked-0\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(OtherUser.NobodyUid, (int)new Mono.Unix.UnixFileInfo(jvm.SocketPath).OwnerUserId);
        Assert.Empty(TriggerFiles(jvm));
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AnotherUserIsRefusedWithFiveAndTheJvmIsNotSignalled()
    {
        using var jvm = JvmTarget.Start();
        using var copy = ScratchDirectory.Create();

        var result = await OtherUser.RunAsNobodyAsync([.. CliProcess.CopyTo(copy.Path), Pid(jvm), "threads"]);
        await Task.Delay(300);

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.False(File.Exists(jvm.SocketPath));
        Assert.DoesNotContain(ThreadDumpHeader, jvm.Output, StringComparison.Ordinal);
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AJvmStartedWithXrsIsAttachedToWithoutASignal()
    {
        // -Xrs leaves SIGQUIT to its default action (it would end the JVM), and starts the listener with the JVM.
        using var jvm = JvmTarget.Start(new JvmOptions { JvmArguments = ["-Xrs"] });

        var result = await CliProcess.RunAsync(Pid(jvm), "threads");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(ThreadDumpHeader, result.Stdout, StringComparison.Ordinal);
        Assert.Empty(TriggerFiles(jvm));
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AProcessThatMapsLibjvmButDoesNotHandleSigquitIsNotSignalled()
    {
        // libjvm.so loaded but no VM created: a JVM before it installs its signal handlers, which SIGQUIT would end.
        using var process = RunningProcess.Start(["python3", "-c", "import ctypes, sys, time; ctypes.CDLL(sys.argv[1]); print('ready', flush=True); time.sleep(120)", LibJvm()]);
        await process.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));

        var result = await CliProcess.RunAsync(process.Pid.ToString(CultureInfo.InvariantCulture), "threads");
        await Task.Delay(300);

        Assert.True(result.ExitCode == ExitCodes.NoAgent, result.ToString());
        Assert.Contains("does not handle SIGQUIT", result.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists($"/proc/{process.Pid}"), "the process died");
        Assert.False(File.Exists($"/tmp/.attach_pid{process.Pid}"));
    }

    [Fact]
    public async Task AnOpenJ9JvmIsToldApartAndNeverSignalled()
    {
        // OpenJ9 maps a libjvm.so and its own libj9vm29.so, and catches SIGQUIT (it writes a javacore).
        var directory = Directory.CreateTempSubdirectory("ak-j9-");
        var j9vm = Path.Combine(directory.FullName, "libj9vm29.so");
        File.WriteAllBytes(j9vm, new byte[4096]);
        const string Script = """
            import ctypes, mmap, signal, sys, time
            ctypes.CDLL(sys.argv[1])
            j9file = open(sys.argv[2], 'rb')
            j9 = mmap.mmap(j9file.fileno(), 0, prot=mmap.PROT_READ)
            signal.signal(signal.SIGQUIT, lambda *_: print('SIGQUIT', flush=True))
            print('ready', flush=True)
            time.sleep(120)
            """;
        using var process = RunningProcess.Start(["python3", "-c", Script, LibJvm(), j9vm]);
        await process.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));

        var result = await CliProcess.RunAsync(process.Pid.ToString(CultureInfo.InvariantCulture), "threads");
        await Task.Delay(300);

        Assert.Equal(TargetKind.OpenJ9, TargetDetection.Detect(process.Pid));
        Assert.True(result.ExitCode == ExitCodes.NoAgent, result.ToString());
        Assert.Contains("OpenJ9", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SIGQUIT", process.Output, StringComparison.Ordinal);
        Assert.False(File.Exists($"/tmp/.attach_pid{process.Pid}"));
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task AJvmWithTheAttachMechanismDisabledTimesOutWithFour()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { JvmArguments = ["-XX:+DisableAttachMechanism"] });

        var result = await CliProcess.RunAsync([Pid(jvm), "--timeout", "1", "threads"], timeout: null);

        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        Assert.Contains("DisableAttachMechanism", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(TriggerFiles(jvm));
        Assert.False(jvm.HasExited);
    }

    [Fact]
    public async Task AJvmInItsOwnNamespacesIsReachedThroughItsRoot()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { InOwnNamespaces = true, Threads = 1 });

        var result = await CliProcess.RunAsync(Pid(jvm), "threads");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"blocked-0\"", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"/proc/{jvm.Pid}/root/tmp/", jvm.SocketPath, StringComparison.Ordinal);
        Assert.True(File.Exists(jvm.SocketPath));
        Assert.False(jvm.HasExited);
    }

    [Theory]
    [InlineData("", "closed the connection without a reply")]
    [InlineData("not a status\n", "malformed status line")]
    public async Task AListenerThatBreaksTheProtocolExitsWithSeven(string reply, string expected)
    {
        // A listener at the JVM's socket that is the process itself, as the attacher checks, but speaks badly.
        using var jvm = await ScriptedListener.StartAsync(System.Text.Encoding.ASCII.GetBytes(reply), kind: ListenerKind.Jvm);

        var result = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "properties");
        await Task.Delay(300);

        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, jvm.Connections);
        Assert.False(jvm.Target.HasExited);
    }

    private static string Pid(JvmTarget jvm) => jvm.Pid.ToString(CultureInfo.InvariantCulture);

    // The installed JDK's HotSpot library, loaded by a process that is not a JVM.
    private static string LibJvm() => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(new FileInfo("/usr/bin/java").ResolveLinkTarget(returnFinalTarget: true)!.FullName))!, "lib", "server", "libjvm.so");

    private static string[] TriggerFiles(JvmTarget jvm)
    {
        var name = $".attach_pid{jvm.Pid}";
        return new[] { Path.Combine(JvmTarget.WorkingDirectory, name), Path.Combine("/tmp", name) }.Where(File.Exists).ToArray();
    }
}
