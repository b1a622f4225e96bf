using System.Globalization;
using Mono.Unix;

namespace AttachKit.Testing;

/// <summary>What another user may leave at a name in a directory it can write to.</summary>
public enum SquatKind
{
    /// <summary>An empty regular file.</summary>
    File,

    /// <summary>A symbolic link (to a target the test names).</summary>
    Symlink,

    /// <summary>An empty directory.</summary>
    Directory,

    /// <summary>A Unix socket file nothing listens on: bound, never listened on, closed.</summary>
    Socket,

    /// <summary>A named pipe (mkfifo): opening it for writing blocks until someone reads.</summary>
    Fifo,
}

/// <summary>
/// <c>nobody</c> taking a name before its rightful owner does, in a directory it may write to (a
/// sticky TMPDIR, its own working directory): what a local attacker can do. Done by a real process
/// of that user (Python, as <c>/usr/bin/python3</c>: a shim on PATH is not executable by nobody).
/// </summary>
public static class Squatter
{
    private const string Python = "/usr/bin/python3";

    private const string PlantScript = """
        import os, socket, sys
        kind, path, link = sys.argv[1], sys.argv[2], sys.argv[3]
        if kind == "File":
            open(path, "x").close()
        elif kind == "Symlink":
            os.symlink(link, path)
        elif kind == "Directory":
            os.mkdir(path)
        elif kind == "Socket":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            s.close()
        elif kind == "Fifo":
            os.mkfifo(path)
        """;

    /// <summary>Makes <paramref name="path"/> a <paramref name="kind"/> owned by nobody; a symlink points at <paramref name="linkTarget"/>.</summary>
    public static async Task PlantAsync(string path, SquatKind kind, string linkTarget = "/etc/passwd")
    {
        var result = await OtherUser.RunAsNobodyAsync([Python, "-c", PlantScript, kind.ToString(), path, linkTarget]);
        var planted = Entry.Of(path);
        if (result.ExitCode != 0 || planted?.OwnerUid != OtherUser.NobodyUid)
        {
            throw new InvalidOperationException($"nobody could not plant a {kind} at {path}: {result}");
        }
    }

    /// <summary>A socket of nobody's listening at <paramref name="path"/>, recording what it is sent.</summary>
    public static Task<SquattingListener> ListenAsync(string path) => SquattingListener.StartAsync(path);
}

/// <summary>
/// A listener of nobody's at a name that belongs to someone else: it accepts every connection, reads
/// what comes for up to a second, closes, and counts the bytes. Ended by its pid when disposed.
/// </summary>
public sealed class SquattingListener : IDisposable
{
    private const string Script = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(sys.argv[1])
        s.listen(64)
        print("listening", flush=True)
        while True:
            c, _ = s.accept()
            print("accepted", flush=True)
            c.settimeout(1.0)
            got = 0
            try:
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    got += len(chunk)
            except OSError:
                pass
            c.close()
            print("received %d" % got, flush=True)
        """;

    private readonly RunningProcess _process;

    private SquattingListener(RunningProcess process, string path)
    {
        _process = process;
        Path = path;
    }

    public string Path { get; }

    /// <summary>How many connections it accepted so far.</summary>
    public int Connections => Lines("accepted").Count;

    /// <summary>What it printed, for failure messages.</summary>
    public string Output => _process.Output;

    public static async Task<SquattingListener> StartAsync(string path)
    {
        var process = RunningProcess.Start(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/bin/python3", "-c", Script, path]);
        var listener = new SquattingListener(process, path);
        try
        {
            await process.WaitForLineAsync("listening", TimeSpan.FromSeconds(10));
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return Entry.Of(path)?.OwnerUid == OtherUser.NobodyUid
            ? listener
            : throw new InvalidOperationException($"nobody's listener did not bind {path}: {process.Output}");
    }

    /// <summary>The bytes it was sent, over all connections, once each one it accepted has been read to its end (at most 10 s).</summary>
    public async Task<long> BytesReceivedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Lines("received ").Count < Connections && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Lines("received ").Sum(line => long.Parse(line["received ".Length..], CultureInfo.InvariantCulture));
    }

    public void Dispose() => _process.Dispose();

    private List<string> Lines(string prefix) => _process.Output.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}

/// <summary>A directory entry as lstat(2) sees it (a symlink itself, not what it points at).</summary>
public sealed record Entry(FileTypes Type, long OwnerUid, string? LinkTarget)
{
    /// <summary>The entry at <paramref name="path"/>, or null when there is none.</summary>
    public static Entry? Of(string path)
    {
        var info = new UnixSymbolicLinkInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        return new Entry(info.FileType, info.OwnerUserId, info.IsSymbolicLink ? info.ContentsPath : null);
    }
}
