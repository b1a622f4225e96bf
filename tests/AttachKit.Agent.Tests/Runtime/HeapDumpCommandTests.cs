using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class HeapDumpCommandTests
{
    [Fact]
    public async Task HeapDumpLandsWhereTheAttacherRunsAsAnElfCoreFile()
    {
        using var target = await TargetApp.StartAsync("runtime");
        using var here = ScratchDirectory.Create();

        var result = await Attach.RunInAsync(here.Path, target, "heap-dump", "-o", "x.dmp");

        Assert.True(result.ExitCode == 0, result.ToString());
        var dump = new FileInfo(Path.Combine(here.Path, "x.dmp"));
        Assert.True(dump.Exists, result.ToString());
        Assert.InRange(dump.Length, 10L * 1024 * 1024, 4L * 1024 * 1024 * 1024);
        var header = new byte[4];
        using (var file = dump.OpenRead())
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump.FullName));
        Assert.Contains($"{dump.Length} bytes", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(["x.dmp"], here.Entries());

        // Nothing of the dump stays behind in the target's TMPDIR.
        Assert.DoesNotContain(target.Scratch.Entries(), entry => entry.StartsWith("attachkit-dump", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeapDumpOfATargetWithoutDiagnosticsSaysWhatToChange()
    {
        var options = new TargetOptions { Environment = new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" } };
        using var target = await TargetApp.StartAsync("runtime", [], options);
        using var here = ScratchDirectory.Create();

        var result = await Attach.RunInAsync(here.Path, target, "heap-dump", "-o", "x.dmp");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("DOTNET_EnableDiagnostics=0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("restart the process without", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(here.Entries());
    }

    [Fact]
    public async Task AnAppCanTurnHeapDumpsOff()
    {
        using var target = await TargetApp.StartAsync("runtime", "disable=heap-dump");
        using var here = ScratchDirectory.Create();

        var result = await Attach.RunInAsync(here.Path, target, "heap-dump", "-o", "x.dmp");
        var help = await Attach.RunAsync(target, "help");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains($"command 'heap-dump' is disabled in process {target.Pid}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(here.Entries());
        Assert.Matches(@"(?m)^  heap-dump .*\(disabled here\)$", help.Stdout);
    }

    [Fact]
    public async Task HeapDumpWithoutAnOutputFileIsRefusedBeforeAttaching()
    {
        var result = await CliProcess.RunAsync("1", "heap-dump");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("heap-dump needs -o <file>", result.Stderr, StringComparison.Ordinal);
    }
}
