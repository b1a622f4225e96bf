using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace AttachKit.Attacher.Tests;

public class SocketActivationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheProgramGetsTheDescriptorsFromThreeOnWithTheSystemdVariablesAndItsOwnPid()
    {
        using var scratch = new Scratch(Directory.CreateTempSubdirectory("aksa-").FullName);
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var file = Path.Combine(scratch.Path, "data");
        await File.WriteAllTextAsync(file, "file content");
        using var pipeEnd = new ExportedDescriptor(new SafeFileHandle(pipe.ClientSafePipeHandle.DangerousGetHandle(), ownsHandle: false), 0, 41, "pipe");
        using var data = new ExportedDescriptor(File.OpenHandle(file), 1, 42, "file") { Path = "/var/log/a:b.log" };
        var report = Path.Combine(scratch.Path, "report");

        var child = SocketActivation.Start(
            ["sh", "-c", "echo \"$LISTEN_PID $$ $LISTEN_FDS $LISTEN_FDNAMES $(cat <&4)\" > \"$1\"; echo through fd 3 >&3", "sh", report],
            [pipeEnd, data]);
        pipe.DisposeLocalCopyOfClientHandle();
        var exitCode = await child.Exited.WaitAsync(Timeout);

        using var reader = new StreamReader(pipe);
        Assert.Equal(0, exitCode);
        Assert.Equal("through fd 3", await reader.ReadLineAsync());
        var (listenPid, shellPid, count, names, content) = (await File.ReadAllTextAsync(report)).Trim().Split(' ', 5) switch
        {
            var f => (f[0], f[1], f[2], f[3], f[4]),
        };
        Assert.Equal(child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), listenPid);
        Assert.Equal(shellPid, listenPid);
        Assert.Equal("2", count);
        Assert.Equal("pipe:file-/var/log/a_b.log", names);
        Assert.Equal("file content", content);
    }

    [Fact]
    public async Task DescriptorsAreMovedIntoPlaceEvenFromTheNumbersTheyGoTo()
    {
        // This process's own fd 3 must become the program's fd 4, while something else takes fd 3.
        using var scratch = new Scratch(Directory.CreateTempSubdirectory("aksa-").FullName);
        var ownThree = new FileInfo("/proc/self/fd/3").LinkTarget;
        Assert.NotNull(ownThree);
        var file = Path.Combine(scratch.Path, "first");
        await File.WriteAllTextAsync(file, "");
        using var first = new ExportedDescriptor(File.OpenHandle(file), 0, 10, "file");
        using var three = new ExportedDescriptor(new SafeFileHandle(3, ownsHandle: false), 1, 3, "other");
        var report = Path.Combine(scratch.Path, "report");

        var child = SocketActivation.Start(["sh", "-c", "readlink /proc/self/fd/3 /proc/self/fd/4 > \"$1\"", "sh", report], [first, three]);

        Assert.Equal(0, await child.Exited.WaitAsync(Timeout));
        Assert.Equal([file, ownThree], await File.ReadAllLinesAsync(report));
    }

    [Fact]
    public async Task TheExitIsTheProgramsExitCodeOrTheSignalThatEndedIt()
    {
        Assert.Equal(7, await SocketActivation.Start(["sh", "-c", "exit 7"], []).Exited.WaitAsync(Timeout));
        Assert.Equal(128 + 15, await SocketActivation.Start(["sh", "-c", "kill -TERM $$"], []).Exited.WaitAsync(Timeout));
        Assert.Equal(127, await SocketActivation.Start(["no-such-program-anywhere"], []).Exited.WaitAsync(Timeout));
    }

    private sealed class Scratch(string path) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
