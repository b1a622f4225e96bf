using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AttachKit.Testing.Hostile;

/// <summary>One thing the hostile target recorded (a line of its record file).</summary>
public sealed record HostileEvent(string Event, int Id, bool Complete, IReadOnlyList<string> Parts, int Count, int Descriptors);

/// <summary>
/// A hostile attach target (Hostile/hostile_target.py): a Python process run as <c>nobody</c> that
/// serves its own attach socket (or squats another process's) and answers every request as its mode
/// says: escapes, stalls, endless bodies, descriptors that are not what they are said to be. Started
/// in a scratch TMPDIR of its own (owned by nobody), waited for until it prints "ready &lt;pid&gt;",
/// killed by its pid when disposed; the socket it made outside its scratch directory is removed then.
/// </summary>
public sealed class HostileTarget : IDisposable
{
    private const string Script = "hostile_target.py";
    private const string RecordFile = "record.jsonl";

    private readonly RunningProcess _process;

    private HostileTarget(RunningProcess process, ScratchDirectory scratch, int pid, string socketPath)
    {
        _process = process;
        Scratch = scratch;
        Pid = pid;
        SocketPath = socketPath;
    }

    /// <summary>The text of <c>escape</c>'s first chunk: a tab, newlines, an OSC title, BEL, a clear-screen CSI, CR, U+009B and a lone 0x9b.</summary>
    public static byte[] Escapes { get; } =
    [
        .. "hello\t1\n"u8, 0x1b, .. "]0;pwned"u8, 0x07, 0x1b, .. "[2J"u8, (byte)'\r',
        0xc2, 0x9b, .. "31m "u8, 0x9b, .. " end\n"u8,
    ];

    /// <summary>The text of <c>escape</c>'s second chunk: valid UTF-8 that must pass unchanged.</summary>
    public static byte[] PlainUtf8 { get; } = Encoding.UTF8.GetBytes("caf\u00e9 \u2713\n");

    /// <summary>What <c>body</c> serves: bytes 0..255 over and over, 10000 of them (<c>body-cut</c> serves the first half).</summary>
    public static byte[] Body { get; } = Enumerable.Range(0, 10000).Select(i => (byte)(i % 256)).ToArray();

    /// <summary>The installed JDK's HotSpot library, for <c>jvm-escape</c> to map as a JVM does.</summary>
    public static string LibJvm => Path.Combine(
        Path.GetDirectoryName(Path.GetDirectoryName(new FileInfo("/usr/bin/java").ResolveLinkTarget(returnFinalTarget: true)!.FullName))!,
        "lib",
        "server",
        "libjvm.so");

    /// <summary>Its pid, the one its socket is named after.</summary>
    public int Pid { get; }

    public string Text => Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Where it listens.</summary>
    public string SocketPath { get; }

    /// <summary>Its TMPDIR, owned by nobody: its record file and the files it makes are here.</summary>
    public ScratchDirectory Scratch { get; }

    /// <summary>What it printed (stdout and stderr): a Python error shows here.</summary>
    public string Output => _process.Output;

    public bool HasExited => !Directory.Exists($"/proc/{Pid}");

    /// <summary>Starts it in <paramref name="mode"/> (see the program's summary), with the mode's argument if any.</summary>
    public static Task<HostileTarget> StartAsync(string mode, string? argument = null) => StartAsync(mode, argument, squatPath: null);

    /// <summary>Starts a squatter: it listens at <paramref name="path"/>, another process's name, records what arrives and never answers.</summary>
    public static Task<HostileTarget> SquatAsync(string path) => StartAsync("squatter", path, squatPath: path);

    /// <summary>Everything it recorded so far, in order.</summary>
    public IReadOnlyList<HostileEvent> Events()
    {
        var path = Path.Combine(Scratch.Path, RecordFile);
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadAllLines(path).Where(line => line.EndsWith('}')).Select(Parse).ToList();
    }

    /// <summary>The requests it read, each as its strings (version tag first), without the empty string that ends it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Requests() => Events()
        .Where(e => e.Event == "request")
        .Select(e => (IReadOnlyList<string>)e.Parts.TakeWhile((part, index) => index == 0 || part.Length > 0).ToList())
        .ToList();

    /// <summary>How many connections it accepted.</summary>
    public int Connections => Events().Count(e => e.Event == "connect");

    /// <summary>How many bytes arrived on its connections (squatter).</summary>
    public int BytesReceived => Events().Where(e => e.Event == "bytes").Sum(e => e.Count);

    /// <summary>
    /// Waits until every connection it accepted has closed (the peer is gone and it saw the end), at
    /// most <paramref name="timeout"/>: what it recorded is then all it will record of them.
    /// </summary>
    public async Task SettleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var events = Events();
            if (events.Count(e => e.Event == "connect") == events.Count(e => e.Event == "close"))
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        for (var i = 0; i < 100 && !HasExited; i++)
        {
            Thread.Sleep(20);
        }

        // Its socket outside its scratch directory (a squatted name, /tmp/.java_pid<pid>): only while
        // it is still the socket nobody made, never a file another process made there since.
        if (!SocketPath.StartsWith(Scratch.Path + "/", StringComparison.Ordinal)
            && Mono.Unix.Native.Syscall.lstat(SocketPath, out var status) == 0
            && (status.st_mode & Mono.Unix.Native.FilePermissions.S_IFMT) == Mono.Unix.Native.FilePermissions.S_IFSOCK
            && status.st_uid == OtherUser.NobodyUid)
        {
            File.Delete(SocketPath);
        }

        Scratch.Dispose();
    }

    private static async Task<HostileTarget> StartAsync(string mode, string? argument, string? squatPath)
    {
        var scratch = ScratchDirectory.Create();
        RunningProcess? process = null;
        try
        {
            var script = Path.Combine(scratch.Path, Script);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Hostile", Script), script);
            File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("644", 8));
            var nogroup = new Mono.Unix.UnixGroupInfo("nogroup").GroupId;
            if (Mono.Unix.Native.Syscall.chown(scratch.Path, OtherUser.NobodyUid, (int)nogroup) != 0)
            {
                throw new InvalidOperationException($"chown {scratch.Path} failed: {Mono.Unix.Native.Stdlib.GetLastError()}");
            }

            // Not a python3 from PATH: nobody runs it, and a user's own installation may be unreadable to nobody.
            List<string> commandLine =
            [
                "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/python3", script, mode, Path.Combine(scratch.Path, RecordFile),
            ];
            if (argument is not null)
            {
                commandLine.Add(argument);
            }

            process = RunningProcess.Start(commandLine, new Dictionary<string, string> { ["TMPDIR"] = scratch.Path });
            var ready = await process.WaitForLineAsync("ready ", TimeSpan.FromSeconds(30));
            var words = ready[ready.IndexOf("ready ", StringComparison.Ordinal)..].Split(' ', 3);
            var pid = int.Parse(words[1], CultureInfo.InvariantCulture);
            return new HostileTarget(process, scratch, pid, squatPath ?? words[2].Trim());
        }
        catch
        {
            process?.Dispose();
            scratch.Dispose();
            throw;
        }
    }

    private static HostileEvent Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new HostileEvent(
            root.GetProperty("event").GetString()!,
            root.GetProperty("id").GetInt32(),
            root.TryGetProperty("complete", out var complete) && complete.GetBoolean(),
            root.TryGetProperty("parts", out var parts) ? parts.EnumerateArray().Select(part => part.GetString()!).ToList() : [],
            root.TryGetProperty("count", out var count) ? count.GetInt32() : 0,
            root.TryGetProperty("descriptors", out var descriptors) ? descriptors.GetInt32() : 0);
    }
}
