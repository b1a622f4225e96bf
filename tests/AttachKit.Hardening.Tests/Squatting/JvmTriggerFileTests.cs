using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// The JVM's trigger file, <c>.attach_pid&lt;pid&gt;</c> in its working directory or /tmp, is created in
/// the target's space: places its user (or a container) controls. Root must create it new there
/// (O_CREAT|O_EXCL|O_NOFOLLOW|O_NONBLOCK, as the target's user), never truncate or follow what is
/// already at the name, never block on it. Whether the attach then succeeds (through the JVM's /tmp) is
/// not the point: these tests only ask that nothing outside was touched and that the CLI ended.
/// </summary>
[Trait("Category", "Cli")]
public class JvmTriggerFileTests
{
    private static readonly TimeSpan Ending = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASymlinkTheJvmsUserPlantedAtTheTriggerNameLeavesTheRootFileItPointsAtUntouched()
    {
        using var secrets = ScratchDirectory.Create();
        var file = Directories.RootOnlyFile(secrets.Path);
        using var jvm = JvmTarget.Start(new JvmOptions { User = "nobody", OwnWorkingDirectory = true });
        await Squatter.PlantAsync(TriggerIn(jvm.StartDirectory, jvm), SquatKind.Symlink, file);

        var result = await AttachAsync(jvm);

        Assert.True(result is not null, $"attachkit did not end within {Ending.TotalSeconds} s");
        Assert.Equal("root only", File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task AFifoTheJvmsUserPlantedAtTheTriggerNameDoesNotHangTheCli()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { User = "nobody", OwnWorkingDirectory = true });
        await Squatter.PlantAsync(TriggerIn(jvm.StartDirectory, jvm), SquatKind.Fifo);

        var result = await AttachAsync(jvm);

        Assert.True(result is not null, $"attachkit did not end within {Ending.TotalSeconds} s (blocked opening the FIFO for writing?)");
    }

    // A JVM in its own namespaces runs in /tmp/jvm of its own tmpfs. What its root puts there is the
    // container's to decide; an absolute symlink, followed by the attacher, resolves in the HOST's root.
    // "/tmp": a directory takes the name in the working directory, so that the attacher goes on to /tmp.
    [Theory]
    [InlineData("working directory")]
    [InlineData("/tmp")]
    public async Task ASymlinkInAContainersFileSystemToAnAbsoluteHostPathLeavesTheHostFileUntouched(string where)
    {
        using var secrets = ScratchDirectory.Create();
        var file = Directories.RootOnlyFile(secrets.Path);
        using var jvm = JvmTarget.Start(new JvmOptions { InOwnNamespaces = true });
        var workingDirectory = $"/proc/{jvm.Pid}/cwd";
        Assert.Equal("/tmp/jvm", new FileInfo(workingDirectory).LinkTarget);
        Assert.False(File.Exists($"/proc/{jvm.Pid}/root{file}"), "the host file shows inside the container: the symlink would not need to escape");
        if (where == "/tmp")
        {
            Directory.CreateDirectory(TriggerIn(workingDirectory, jvm));
            File.CreateSymbolicLink(TriggerIn($"/proc/{jvm.Pid}/root/tmp", jvm), file);
        }
        else
        {
            File.CreateSymbolicLink(TriggerIn(workingDirectory, jvm), file);
        }

        var result = await AttachAsync(jvm);

        Assert.True(result is not null, $"attachkit did not end within {Ending.TotalSeconds} s");
        Assert.Equal("root only", File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    private static string TriggerIn(string directory, JvmTarget jvm)
        => Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".attach_pid{jvm.NamespacePid}"));

    // The CLI's result, or null when it had not ended in time (it is then killed).
    private static async Task<RunResult?> AttachAsync(JvmTarget jvm)
    {
        try
        {
            return await CliProcess.RunAsync([jvm.Pid.ToString(CultureInfo.InvariantCulture), "properties", "--timeout", "5"], Ending);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
