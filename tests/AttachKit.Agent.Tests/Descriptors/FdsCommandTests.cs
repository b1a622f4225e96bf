using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Descriptors;

[Trait("Category", "Cli")]
public class FdsCommandTests(HeldDescriptorsTarget held) : IClassFixture<HeldDescriptorsTarget>
{
    [Fact]
    public async Task ListsTheListeningSocketWithItsAddress()
    {
        var listener = (await held.ListAsync())[held.Fd("listener")];

        Assert.Equal("tcp", Text(listener, "kind"));
        Assert.Equal($"127.0.0.1:{held.Fact("port")}", Text(listener, "local"));
        Assert.Equal("LISTEN", Text(listener, "state"));
        Assert.True(listener.GetProperty("listening").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listener.GetProperty("remote").ValueKind);
    }

    [Fact]
    public async Task ListsAFileHeldOpenWithItsPathFlagsAndOffset()
    {
        var file = (await held.ListAsync())[held.Fd("file")];

        Assert.Equal("file", Text(file, "kind"));
        Assert.Equal(held.Fact("file-path"), Text(file, "path"));
        Assert.False(file.GetProperty("deleted").GetBoolean());
        Assert.Equal(0, file.GetProperty("offset").GetInt64());
        Assert.Equal("O_RDONLY", file.GetProperty("flags")[0].GetString());
    }

    [Fact]
    public async Task ListsBothEndsOfAPipe()
    {
        var list = await held.ListAsync();
        var read = list[held.Fd("pipe-read")];
        var write = list[held.Fd("pipe-write")];

        Assert.Equal(["pipe", "pipe"], [Text(read, "kind"), Text(write, "kind")]);
        Assert.Equal(Text(read, "target"), Text(write, "target"));
        Assert.StartsWith("pipe:[", Text(read, "target"), StringComparison.Ordinal);
        Assert.Equal(("O_RDONLY", "O_WRONLY"), (read.GetProperty("flags")[0].GetString(), write.GetProperty("flags")[0].GetString()));
    }

    [Fact]
    public async Task MarksTheFilesOfLoadedAssembliesAsTheRuntimesAndOnlyThose()
    {
        var list = (await held.ListAsync()).Values.ToList();
        var assemblies = list.Where(row => Text(row, "role") == "runtime: assembly").ToList();

        // The target's own assembly and the core library are loaded from files; the runtime holds them open.
        Assert.Contains(assemblies, row => Text(row, "path").EndsWith("/AttachKit.TestTarget.dll", StringComparison.Ordinal));
        Assert.Contains(assemblies, row => Text(row, "path").EndsWith("/System.Private.CoreLib.dll", StringComparison.Ordinal));
        Assert.All(assemblies, row => Assert.Equal("file", Text(row, "kind")));
        Assert.DoesNotContain(assemblies, row => Text(row, "path") == held.Fact("file-path"));
    }

    [Fact]
    public async Task MarksAFileDeletedWhileOpen()
    {
        var deleted = (await held.ListAsync())[held.Fd("deleted")];

        Assert.Equal("file", Text(deleted, "kind"));
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(held.Fact("deleted-path"), Text(deleted, "path"));
        Assert.Equal("recover me\nline two\n".Length, deleted.GetProperty("offset").GetInt64());
        Assert.Contains("O_WRONLY", deleted.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()));
    }

    [Fact]
    public async Task MarksTheAgentsOwnListenerAndTheConnectionOfTheRequest()
    {
        var roles = (await held.ListAsync()).Values
            .Where(row => row.GetProperty("role").ValueKind == JsonValueKind.String && Text(row, "role") != "runtime: assembly")
            .ToDictionary(row => Text(row, "role"), row => row);

        Assert.True(roles["agent: attach listener"].GetProperty("listening").GetBoolean());
        Assert.Equal("unix", Text(roles["agent: attach connection, this request"], "kind"));
        Assert.Equal("unix", Text(roles["runtime: diagnostic port"], "kind"));
    }

    [Fact]
    public async Task TheTextListingHasOneAlignedLinePerDescriptor()
    {
        var result = await CliProcess.RunAsync(held.Pid, "fds");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\s*FD  KIND\s+FLAGS\s+OFFSET  WHAT$", lines[0]);
        var listener = Assert.Single(lines, line => line.EndsWith($"127.0.0.1:{held.Fact("port")} LISTEN", StringComparison.Ordinal));
        Assert.Single(lines, line => line.EndsWith($"{held.Fact("deleted-path")} (deleted)", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("[agent: attach listener]", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("WHAT", StringComparison.Ordinal), listener.IndexOf("127.0.0.1:", StringComparison.Ordinal));
        Assert.Matches($@"^\s*{held.Fd("listener")}  tcp ", listener);
    }

    [Fact]
    public async Task ArgumentsAreRefused()
    {
        var result = await CliProcess.RunAsync(held.Pid, "fds", "5");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("takes no arguments", result.Stderr, StringComparison.Ordinal);
    }

    private static string Text(JsonElement row, string key) => row.GetProperty(key).GetString()!;
}
