using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>
/// What a pid is, when a listener's socket tells it before the process's maps are read: only a socket
/// the process made counts, never a JVM's trigger file of the same name or a dead process's socket.
/// The processes here are Python, which maps neither the agent, the .NET runtime nor libjvm.
/// </summary>
public sealed class DetectionTests
{
    [Theory]
    // As a single-file or NativeAOT app with the agent looks once its listener is up.
    [InlineData("socket", AgentPath, TargetKind.AttachKitAgent)]
    [InlineData("socket", HotSpotPath, TargetKind.HotSpot)]
    // jcmd and jattach create an empty .attach_pid<pid> in the JVM's /tmp when its cwd will not do.
    [InlineData("file", AgentPath, TargetKind.Unknown)]
    // A process killed with SIGKILL leaves its socket behind; a new process may get its pid.
    [InlineData("old-socket", AgentPath, TargetKind.Unknown)]
    public async Task ASocketAtAListenersPathTellsWhatAProcessIsOnlyWhenTheProcessMadeIt(string made, string where, TargetKind expected)
    {
        using var process = await StartAsync(made, where);

        Assert.Equal(expected, TargetDetection.Detect(process.Pid));
    }

    private const string AgentPath = "agent";

    private const string HotSpotPath = "hotspot";

    // Makes, at the path its own pid names, a listening socket, an empty file, or a socket dated an hour back.
    private const string Script = """
        import os, socket, sys, time
        kind, which = sys.argv[1], sys.argv[2]
        directory = (os.environ.get('TMPDIR') or '/tmp') if which == 'agent' else '/tmp'
        path = os.path.join(directory, ('.attach_pid%d' if which == 'agent' else '.java_pid%d') % os.getpid())
        if kind == 'file':
            open(path, 'w').close()
        else:
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            listener.listen()
            if kind == 'old-socket':
                os.utime(path, (time.time() - 3600, time.time() - 3600))
        print('ready', path, flush=True)
        try:
            time.sleep(120)
        finally:
            os.unlink(path)
        """;

    private static async Task<PathOwner> StartAsync(string kind, string which)
    {
        var process = RunningProcess.Start(["python3", "-c", Script, kind, which]);
        var ready = await process.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));
        return new PathOwner(process, ready["ready ".Length..].Trim());
    }

    // The process, and the file it made, removed when the test ends (the process is killed, not ended).
    private sealed class PathOwner(RunningProcess process, string path) : IDisposable
    {
        public int Pid => process.Pid;

        public void Dispose()
        {
            process.Dispose();
            File.Delete(path);
        }
    }
}
