using AttachKit.Testing;
using Mono.Unix;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// Another user cannot silence the agent by taking its socket's name (or the temporary name it binds
/// first) in a shared TMPDIR: the agent publishes anyway, where the attacher also looks, and leaves
/// what the squatter made as it was.
/// </summary>
[Trait("Category", "Cli")]
public class SquattedNameTests
{
    public static TheoryData<string, string> Squats => new()
    {
        { "a regular file", "" },
        { "a symlink to /etc/passwd", "" },
        { "a directory", "" },
        { "a listening socket", "" },
        { "a regular file", ".tmp" },
        { "a symlink to /etc/passwd", ".tmp" },
        { "a directory", ".tmp" },
        { "a listening socket", ".tmp" },
    };

    [Theory]
    [MemberData(nameof(Squats))]
    public async Task TheAgentAnswersThoughNobodyTookItsSocketNameFirst(string squat, string suffix)
    {
        using var target = await TargetApp.StartAsync("agent");
        Directories.MakeSticky(target.SocketDirectory);
        var path = target.SocketPath + suffix;
        var passwd = Snapshot("/etc/passwd");
        using var listener = squat == "a listening socket" ? await Squatter.ListenAsync(path) : null;
        if (listener is null)
        {
            await Squatter.PlantAsync(path, squat switch
            {
                "a regular file" => SquatKind.File,
                "a symlink to /etc/passwd" => SquatKind.Symlink,
                _ => SquatKind.Directory,
            });
        }

        var planted = Entry.Of(path);

        var result = await CliProcess.RunAsync([target.Text(), "version", "--timeout", "5"], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString() + target.Log);
        Assert.Contains("Agent:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Pid:          {target.Pid}\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(planted, Entry.Of(path));
        Assert.Equal(passwd, Snapshot("/etc/passwd"));
        if (listener is not null)
        {
            Assert.True(await listener.BytesReceivedAsync() == 0, $"the squatter was sent a request:\n{listener.Output}");
        }
    }

    private static (string Content, FileAccessPermissions Mode, long Owner) Snapshot(string path)
    {
        var info = new UnixFileInfo(path);
        return (File.ReadAllText(path), info.FileAccessPermissions, info.OwnerUserId);
    }
}
