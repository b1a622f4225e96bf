using System.Globalization;
using System.Text;
using AttachKit.Attacher.Discovery;
using AttachKit.Attacher.Jvm;
using AttachKit.Attacher.Unix;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>A process to attach to, seen through /proc/&lt;pid&gt;.</summary>
internal sealed class TargetProcess
{
    // The socket is bound after the runtime has started, and the start time is known to 10 ms: a file
    // older than the process by more than this is a dead process's, whose pid was reused.
    private static readonly TimeSpan StartTimeSlack = TimeSpan.FromSeconds(1);

    private TargetProcess(int pid)
    {
        Pid = pid;
        ProcDirectory = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}");
    }

    public int Pid { get; }

    public string ProcDirectory { get; }

    /// <exception cref="TargetNotFoundException">No such process.</exception>
    public static TargetProcess Find(int pid)
    {
        var target = new TargetProcess(pid);
        if (pid <= 0 || !Directory.Exists(target.ProcDirectory))
        {
            throw new TargetNotFoundException($"no process with pid {pid}");
        }

        return target;
    }

    /// <summary>A process seen while listing /proc: it may be gone by the time it is read.</summary>
    public static TargetProcess At(int pid) => new(pid);

    /// <summary>
    /// The target's socket, as this process reaches it. The agent names it with the pid it sees
    /// (its own pid namespace's: the last NSpid of proc(5) status) in its TMPDIR (from its
    /// environ, else /tmp).
    /// </summary>
    public string SocketPath()
    {
        var directory = AttachSocket.DirectoryFor(EnvironmentVariable("TMPDIR"));
        return PathInRoot(AttachSocket.PathIn(directory, NamespacePid()));
    }

    /// <summary>
    /// An absolute path of the target's file system, as this process reaches it: itself when both
    /// share a mount namespace; else through /proc/&lt;pid&gt;/root (a container): no setns, no ptrace.
    /// </summary>
    public string PathInRoot(string path) => SharesMountNamespace() ? path : ProcDirectory + "/root" + path;

    /// <summary>
    /// The target's pid in its own pid namespace (its innermost NSpid), which names its socket: the pid
    /// itself when it shares this process's pid namespace (two readlinks instead of the kernel writing
    /// out all of proc(5) status).
    /// </summary>
    public int NamespacePid() => SharesNamespace("pid") == true ? Pid : Status().NamespacePid;

    /// <summary>The target's effective uid and gid (the second values of proc(5) status Uid and Gid).</summary>
    public (int Uid, int Gid) EffectiveIds()
    {
        var status = Status();
        return status is { Uid: >= 0, Gid: >= 0 }
            ? (status.Uid, status.Gid)
            : throw new TargetNotFoundException($"process {Pid} shows no credentials in /proc/{Pid}/status");
    }

    /// <summary>Whether the target has a handler for <paramref name="signal"/> (proc(5) status SigCgt, not in SigIgn): sending it cannot kill the target.</summary>
    public bool CatchesSignal(int signal) => Status().Catches(signal);

    private ProcStatus Status()
    {
        try
        {
            return ProcStatus.Read(ProcDirectory, Pid);
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"process {Pid} exited");
        }
    }

    // Same mount namespace when /proc/self/ns/mnt and /proc/<pid>/ns/mnt name the same one; when
    // the target's cannot be read (another user's process), assume it is shared.
    private bool SharesMountNamespace() => SharesNamespace("mnt") ?? true;

    // Whether /proc/self/ns/<kind> and /proc/<pid>/ns/<kind> name the same namespace; null when the
    // target's cannot be read (another user's process: reading it takes ptrace access).
    private bool? SharesNamespace(string kind)
    {
        try
        {
            return new FileInfo(Path.Combine(ProcDirectory, "ns", kind)).LinkTarget is { } theirs
                ? theirs == new FileInfo(Path.Combine("/proc/self/ns", kind)).LinkTarget
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the target was started with the agent switched off (ATTACHKIT_DISABLE=1 or true).</summary>
    public bool AgentDisabledByEnvironment() => EnvironmentVariable("ATTACHKIT_DISABLE") is "1" or "true" or "TRUE" or "True";

    // The environment the process started with (proc(5) environ: NAME=value entries, each ending with a
    // NUL; the last of a name counts, as getenv(3) would read it); null when unreadable (another user's
    // process). Scanned as bytes: only the one value becomes a string (a warm attach reads it twice).
    private string? EnvironmentVariable(string name)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes(Path.Combine(ProcDirectory, "environ"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var prefix = Encoding.UTF8.GetBytes(name + "=");
        string? value = null;
        for (ReadOnlySpan<byte> rest = environ; !rest.IsEmpty;)
        {
            var end = rest.IndexOf((byte)0);
            var entry = end < 0 ? rest : rest[..end];
            if (entry.StartsWith(prefix))
            {
                value = Encoding.UTF8.GetString(entry[prefix.Length..]);
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return value;
    }

    /// <summary>
    /// Whether the agent's socket is in place and was created by this process: a socket file at
    /// <see cref="SocketPath"/> no older than the process. Neither connects nor signals, so the agent
    /// sees nothing (a connection would be an attach, logged).
    /// </summary>
    /// <param name="started">When the process started.</param>
    public bool ListenerUp(DateTimeOffset started) => SocketMadeSince(SocketPath(), started);

    // A socket (not a JVM's trigger file, which may have the same name) no older than the process.
    private static bool SocketMadeSince(string path, DateTimeOffset started)
        => FileStatus.Of(path) is { IsSocket: true } socket && socket.LastWriteUtc >= started.UtcDateTime - StartTimeSlack;

    // What a live listener says the process is, without reading its maps: null when none is up.
    private TargetKind? KindByListener()
    {
        var clock = ProcessClock.Now();
        if (clock.Uptime(ProcDirectory) is not { } uptime)
        {
            return null;
        }

        var started = clock.StartedAfter(uptime);
        return SocketMadeSince(SocketPath(), started) ? TargetKind.AttachKitAgent
            : SocketMadeSince(HotSpotListener.PathOf(this), started) ? TargetKind.HotSpot
            : null;
    }

    /// <summary>The command line (proc(5) cmdline); empty for a zombie or a kernel thread.</summary>
    /// <exception cref="IOException">The process exited.</exception>
    public IReadOnlyList<string> CommandLine()
    {
        // Each argument ends with a NUL; an argument may itself be empty.
        var text = File.ReadAllText(Path.Combine(ProcDirectory, "cmdline"));
        return text.Length == 0 ? [] : text.TrimEnd('\0').Split('\0');
    }

    /// <summary>Whether the runtime and the agent's assembly are mapped (proc(5) maps).</summary>
    /// <exception cref="UnauthorizedAccessException">This user may not read the target's maps.</exception>
    /// <exception cref="IOException">The process exited.</exception>
    public MappedModules MappedModules() => ProcMaps.Read(Path.Combine(ProcDirectory, "maps"));

    /// <summary>Whether the target has the agent: its listener is up, or its assembly is mapped.</summary>
    /// <exception cref="AttachPermissionException">This user may not read the target's maps.</exception>
    public bool HasAgent() => Kind() == TargetKind.AttachKitAgent;

    /// <summary>
    /// What the target is: the one place that decides. A process whose listener (the agent's or
    /// HotSpot's) is up is told by its socket; any other by the files it maps (/proc/&lt;pid&gt;/maps):
    /// a HotSpot JVM maps libjvm.so; an OpenJ9 one libj9vm*.so as well; a .NET app with the agent maps
    /// the agent's assembly.
    /// </summary>
    /// <exception cref="AttachPermissionException">This user may not read the target's maps.</exception>
    public TargetKind Kind()
    {
        var maps = Path.Combine(ProcDirectory, "maps");
        try
        {
            // A listener first: the kernel writes maps out line by line (1.1 ms of a warm native attach's 5,
            // for a .NET process of 500 mappings). Neither a JVM nor OpenJ9 makes a socket at the agent's
            // path, and only HotSpot makes one at its own.
            if (KindByListener() is { } kind)
            {
                return kind;
            }

            var modules = MappedModules();
            return modules.Agent ? TargetKind.AttachKitAgent
                : modules.HotSpot ? TargetKind.HotSpot
                : modules.OpenJ9 ? TargetKind.OpenJ9
                : TargetKind.Unknown;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AttachPermissionException($"cannot read {maps}: run attachkit as the owner of process {Pid} or as root", e);
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"process {Pid} exited");
        }
    }

    /// <summary>Sends the trigger signal.</summary>
    public void Signal(int signal)
    {
        var errno = Signals.Send(Pid, signal);
        if (Signals.IsNoSuchProcess(errno))
        {
            throw new TargetNotFoundException($"process {Pid} exited before it could be signalled");
        }

        if (Signals.IsNotPermitted(errno))
        {
            throw new AttachPermissionException($"not allowed to signal process {Pid}: run attachkit as its owner or as root");
        }

        if (errno != 0)
        {
            throw new AttachPermissionException($"kill({Pid}, {signal}) failed with errno {errno}");
        }
    }
}
