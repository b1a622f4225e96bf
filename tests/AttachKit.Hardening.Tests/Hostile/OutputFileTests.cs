using AttachKit.Cli;
using AttachKit.Testing;
using AttachKit.Testing.Hostile;
using Mono.Unix.Native;

namespace AttachKit.Hardening.Tests.Hostile;

/// <summary>
/// Root saves a dump or a trace (<c>-o</c>) into a directory anyone may write, as /tmp: another user
/// may have planted names there first. What root writes must go to a file it has just created itself
/// (a new name, created exclusively, not following a link, mode 0600), renamed into place once whole:
/// never through an existing name, nor through a predictable <c>&lt;file&gt;.part</c>.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Cli")]
public class OutputFileTests
{
    private const string RootOnly = "root only";

    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("heap-dump", "app.dmp")]
    [InlineData("trace", "app.nettrace")]
    public async Task APartFileNobodyLinkedToARootOnlyFileIsNotWrittenThroughAndTheOutputIsANewRootOnlyFile(string command, string name)
    {
        using var scene = await Scene.StartAsync("body");
        await scene.PlantLinkAsync(name + ".part");

        var result = await scene.RunAsync(command, name);

        scene.AssertSecretUnchanged(result);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        scene.AssertNewRootOnlyFile(name, planted: null);
    }

    [Theory]
    [InlineData("heap-dump", "app.dmp")]
    [InlineData("trace", "app.nettrace")]
    public async Task APartFileNobodyCreatedStaysEmptyAndTheOutputIsAnotherRootOnlyFile(string command, string name)
    {
        using var scene = await Scene.StartAsync("body");
        await scene.PlantFileAsync(name + ".part");
        var partPath = Path.Combine(scene.Output.Path, name + ".part");
        var plantedInode = Files.Of(partPath)!.Inode;
        using var planted = new FileStream(partPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        var result = await scene.RunAsync(command, name);

        Assert.True(Syscall.fstat((int)planted.SafeFileHandle.DangerousGetHandle(), out var status) == 0, "fstat of the planted file failed");
        Assert.True(status.st_size == 0, $"the file nobody planted at {name}.part now holds {status.st_size} bytes; attachkit: {result}");
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        scene.AssertNewRootOnlyFile(name, plantedInode);
    }

    [Theory]
    [InlineData("heap-dump", "app.dmp")]
    [InlineData("trace", "app.nettrace")]
    public async Task AnOutputNameNobodyLinkedToARootOnlyFileIsReplacedNotWrittenThrough(string command, string name)
    {
        using var scene = await Scene.StartAsync("body");
        await scene.PlantLinkAsync(name);

        var result = await scene.RunAsync(command, name);

        scene.AssertSecretUnchanged(result);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        scene.AssertNewRootOnlyFile(name, planted: null);
    }

    [Theory]
    [InlineData("heap-dump", "app.dmp")]
    [InlineData("trace", "app.nettrace")]
    public async Task ACutOffBodyExitsWithSevenWritesNothingThroughAPlantedLinkAndLeavesNoFileOfItsOwn(string command, string name)
    {
        using var scene = await Scene.StartAsync("body-cut");
        await scene.PlantLinkAsync(name + ".part");

        var result = await scene.RunAsync(command, name);

        scene.AssertSecretUnchanged(result);
        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
        Assert.Empty(scene.Output.Entries().Except([name + ".part"]));
    }

    [Theory]
    [InlineData("heap-dump", "app.dmp")]
    [InlineData("trace", "app.nettrace")]
    public async Task ACutOffBodyLeavesNoFileBehindInAnEmptyDirectory(string command, string name)
    {
        using var scene = await Scene.StartAsync("body-cut");

        var result = await scene.RunAsync(command, name);

        Assert.True(result.ExitCode == ExitCodes.BrokenReply, result.ToString());
        Assert.Empty(scene.Output.Entries());
    }

    /// <summary>
    /// A hostile target serving a body, an output directory D anyone may write (sticky, 1777, root's),
    /// and elsewhere a file only root may read and write, for nobody to aim links at.
    /// </summary>
    private sealed class Scene : IDisposable
    {
        private readonly ScratchDirectory _secrets;

        private Scene(HostileTarget target, ScratchDirectory output, ScratchDirectory secrets)
        {
            Target = target;
            Output = output;
            _secrets = secrets;
            Secret = Path.Combine(secrets.Path, "secret");
        }

        public HostileTarget Target { get; }

        public ScratchDirectory Output { get; }

        public string Secret { get; }

        public static async Task<Scene> StartAsync(string mode)
        {
            var output = ScratchDirectory.Create();
            var secrets = ScratchDirectory.Create();
            try
            {
                Files.MakeSticky(output.Path);
                Files.WriteRootOnly(Path.Combine(secrets.Path, "secret"), RootOnly);
                return new Scene(await HostileTarget.StartAsync(mode), output, secrets);
            }
            catch
            {
                output.Dispose();
                secrets.Dispose();
                throw;
            }
        }

        /// <summary>nobody makes D/<paramref name="name"/> a symbolic link to the root-only file.</summary>
        public Task PlantLinkAsync(string name) => AsNobodyAsync(["ln", "-s", Secret, Path.Combine(Output.Path, name)]);

        /// <summary>nobody creates D/<paramref name="name"/>, empty, mode 0666.</summary>
        public Task PlantFileAsync(string name) => AsNobodyAsync(["/bin/sh", "-c", "umask 0 && : > \"$1\" && chmod 666 \"$1\"", "sh", Path.Combine(Output.Path, name)]);

        /// <summary>Root runs <c>attachkit &lt;target&gt; &lt;command&gt; -o D/&lt;name&gt;</c>.</summary>
        public Task<ByteRunResult> RunAsync(string command, string name)
            => CliProcess.RunBytesAsync([Target.Text, command, "-o", Path.Combine(Output.Path, name)], CliLimit);

        /// <summary>The root-only file holds what it held.</summary>
        public void AssertSecretUnchanged(ByteRunResult result)
        {
            var now = File.ReadAllBytes(Secret);
            Assert.True(now.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(RootOnly)), $"the root-only file now holds {now.Length} bytes: {ByteRunResult.Visible(now.AsSpan(0, Math.Min(now.Length, 64)))}…; attachkit: {result}");
        }

        /// <summary>D/<paramref name="name"/> is a regular file of root's, mode 0600, holding exactly the body served, and not the file nobody planted.</summary>
        public void AssertNewRootOnlyFile(string name, ulong? planted)
        {
            var path = Path.Combine(Output.Path, name);
            var facts = Files.Of(path);
            Assert.True(facts is not null, $"{name} was not saved");
            Assert.True(facts.IsRegular, $"{name} is not a regular file: {facts}");
            Assert.True(facts.Uid == 0, $"{name} belongs to uid {facts.Uid}");
            Assert.True(facts.Mode == Convert.ToInt32("600", 8), $"{name} has mode {Convert.ToString(facts.Mode, 8)}");
            Assert.True(planted is null || facts.Inode != planted, $"{name} is the very file nobody planted");
            Assert.Equal(HostileTarget.Body, File.ReadAllBytes(path));
        }

        public void Dispose()
        {
            Target.Dispose();
            Output.Dispose();
            _secrets.Dispose();
        }

        private static async Task AsNobodyAsync(IReadOnlyList<string> commandLine)
        {
            var planted = await OtherUser.RunAsNobodyAsync(commandLine);
            Assert.True(planted.ExitCode == 0, $"nobody could not plant: {planted}");
        }
    }
}
