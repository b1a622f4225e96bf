using System.Globalization;
using System.Text;
using AttachKit.Attacher.Discovery;
using AttachKit.Attacher.Jvm;
using AttachKit.Linux;
using AttachKit.Linux.Files;
using AttachKit.Linux.Processes;
using AttachKit.Linux.Signals;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>A process to attach to, seen through /proc/&lt;pid&gt;.</summary>
internal sealed class TargetProcess
{
    // The socket is bound after the runtime has started, and the start time is known to a clock tick: a file
    // older than the process by more than this is a dead process's, whose pid was reused.
    private static readonly TimeSpan StartTimeSlack = TimeSpan.FromSeconds(1);

    private TargetProcess(int pid)
    {
        Pid = pid;
        ProcDirectory = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}");
    }

    // Who the process runs as and its pid namespace do not change: read once. Its signal dispositions may.
    private ProcStatus? _status;

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
    /// The directory <paramref name="path"/> (absolute, as the target sees it), opened once and safely: in
    /// this process's own tree when the target shares it, else inside the target's root (a container, a
    /// chroot) through /proc/&lt;pid&gt;/root, where <c>..</c> and absolute symlinks stay inside that root
    /// (<see cref="DirectoryHandle.OpenInRoot"/>): no setns, no ptrace.
    /// </summary>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public DirectoryHandle OpenDirectory(string path)
    {
        if (SharesRoot())
        {
            return DirectoryHandle.Open(path);
        }

        using var root = DirectoryHandle.Open(ProcDirectory + "/root");
        return DirectoryHandle.OpenInRoot(root, path);
    }

    /// <summary>
    /// Where the agent listens: <c>.attach_pid&lt;nspid&gt;</c> (the pid the process sees itself as) in its
    /// TMPDIR (from the environment it started with, normalised as the agent does: docs/PROTOCOL.md).
    /// </summary>
    /// <exception cref="IOException">The directory cannot be opened.</exception>
    public ListenerPlace AgentPlace()
    {
        var namespacePid = NamespacePid();
        var directory = OpenDirectory(TemporaryDirectory());
        return new ListenerPlace(directory, AttachSocket.FileName(namespacePid), EffectiveIds().Uid, AttachSocket.PrivateDirectoryPrefix(namespacePid), ConnectIdentity(alwaysTheTargets: false));
    }

    /// <summary>
    /// The ids to connect to the target's listener with, when not this process's own. A listener checks its
    /// peer's effective ids as its own user namespace maps them; the root of another user namespace is not
    /// mapped in a rootless container's (the kernel shows it as the overflow uid, 65534), so root takes the
    /// target's own uid and gid for the connect. <paramref name="alwaysTheTargets"/>: whenever this process is
    /// root (a JVM before JDK 11 serves only its own uid and gid, even to root).
    /// </summary>
    public (uint Uid, uint Gid)? ConnectIdentity(bool alwaysTheTargets)
    {
        var ids = EffectiveIds();
        return Credentials.IsRoot && ids.Uid != Credentials.RootUid && (alwaysTheTargets || InOtherUserNamespace()) ? ids : null;
    }

    /// <summary>Whether the target is in another user namespace than this process (a rootless container); false when that cannot be read.</summary>
    public bool InOtherUserNamespace() => SharesNamespace("user") == false;

    /// <summary>The agent's place, or null when its directory cannot be opened (then nothing listens there).</summary>
    public ListenerPlace? TryAgentPlace()
    {
        try
        {
            return AgentPlace();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The target's pid in its own pid namespace (its innermost NSpid), which names its socket: the pid
    /// itself when it shares this process's pid namespace (two readlinks instead of the kernel writing
    /// out all of proc(5) status).
    /// </summary>
    public int NamespacePid() => SharesNamespace("pid") == true ? Pid : Status().NamespacePid;

    /// <summary>The target's effective uid and gid (the second values of proc(5) status Uid and Gid), as this process's user namespace sees them.</summary>
    public (uint Uid, uint Gid) EffectiveIds()
    {
        return Status() is { Uid: >= 0, Gid: >= 0 } status
            ? ((uint)status.Uid, (uint)status.Gid)
            : throw new TargetNotFoundException($"process {Pid} shows no credentials in /proc/{Pid}/status");
    }

    /// <summary>Whether the target has a handler for <paramref name="signal"/> (proc(5) status SigCgt, not in SigIgn): sending it cannot kill the target.</summary>
    public bool CatchesSignal(int signal) => Status(fresh: true).Catches(signal);

    private ProcStatus Status(bool fresh = false)
    {
        try
        {
            return fresh || _status is not { } read ? (_status = ProcStatus.Read(ProcDirectory, Pid)).Value : read;
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"process {Pid} exited");
        }
    }

    // The same file system tree: the same mount namespace (/proc/self/ns/mnt and /proc/<pid>/ns/mnt name the
    // same one) and no chroot (its root, /proc/<pid>/root, reads "/"). When the target's cannot be read
    // (another user's process, seen by a user who is not root), it is taken as shared: only root reaches
    // into other users' trees.
    private bool SharesRoot()
    {
        if (SharesNamespace("mnt") is not { } sameMounts)
        {
            return true;
        }

        try
        {
            return sameMounts && new FileInfo(ProcDirectory + "/root").LinkTarget is "/" or null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return sameMounts;
        }
    }

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

    /// <summary>The target's TMPDIR as its start-up environment has it, normalised as the agent does (docs/PROTOCOL.md): where its sockets are.</summary>
    public string TemporaryDirectory() => AttachSocket.DirectoryFor(EnvironmentVariable("TMPDIR"));

    /// <summary>
    /// A variable of the environment the process started with (proc(5) environ: NAME=value entries, each
    /// ending with a NUL; the last of a name counts, as getenv(3) would read it); null when unset or
    /// unreadable (another user's process). Scanned as bytes: only the one value becomes a string (a warm
    /// attach reads it twice).
    /// </summary>
    public string? EnvironmentVariable(string name)
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
    /// Whether the agent's socket is in place and was created by this process: a socket of the process's
    /// user, at the agent's name or in its private directory, no older than the process. Neither connects
    /// nor signals, so the agent sees nothing (a connection would be an attach, logged).
    /// </summary>
    /// <param name="started">When the process started.</param>
    public bool ListenerUp(DateTimeOffset started)
    {
        using var place = TryAgentPlace();
        return place is not null && HasSocketSince(place, started);
    }

    // A socket of the target's user (never another user's: anyone can make a socket of that name in a
    // shared /tmp) no older than the process, so not a dead process's whose pid was reused.
    private static bool HasSocketSince(ListenerPlace place, DateTimeOffset started)
    {
        var sockets = place.Candidates();
        try
        {
            return sockets.Any(socket => socket.Status.LastWriteUtc >= started.UtcDateTime - StartTimeSlack);
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>Whether a HotSpot JVM's attach listener is up: its socket, of its user, no older than the process. Neither connects nor signals.</summary>
    /// <param name="started">When the process started.</param>
    public bool JvmListenerUp(DateTimeOffset started)
    {
        using var jvm = HotSpotListener.TryPlaceOf(this);
        return jvm is not null && HasSocketSince(jvm, started);
    }

    // What a live listener says the process is, without reading its maps: null when none is up.
    private TargetKind? KindByListener()
    {
        var clock = ProcessClock.Now();
        if (clock.Uptime(ProcDirectory) is not { } uptime)
        {
            return null;
        }

        var started = clock.StartedAfter(uptime);
        if (ListenerUp(started))
        {
            return TargetKind.AttachKitAgent;
        }

        return JvmListenerUp(started) ? TargetKind.HotSpot : null;
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
            // A listener first: the kernel writes maps out line by line, hundreds of them for a .NET process,
            // which a warm attach need not read. Neither a JVM nor OpenJ9 makes a socket at the agent's
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

    /// <summary>
    /// Whether the trigger signal would stop the app rather than reach its agent: a Generic Host app (its
    /// console lifetime stops it on SIGQUIT) whose agent was loaded into it (an app that installed the agent
    /// uses the hosting integration, which leaves SIGQUIT to it). False when the maps cannot be read.
    /// </summary>
    public bool SignalWouldStopHost()
    {
        try
        {
            return MappedModules() is { InjectedHook: true, GenericHost: true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The nearest process below this one that attachkit can attach to (the agent mapped or listening, or a
    /// HotSpot JVM), nearest first: for a pid that is a host rather than the app, such as <c>dotnet run</c>,
    /// whose child runs the app, or a shell that waits for it. Reads /proc only; null when none is found
    /// within a few generations.
    /// </summary>
    public Attachable? AttachableDescendant()
    {
        const int Generations = 4;
        const int MostProcesses = 64;
        var generation = new List<int> { Pid };
        var seen = 0;
        for (var depth = 1; depth <= Generations && generation.Count > 0 && seen < MostProcesses; depth++)
        {
            var next = new List<int>();
            foreach (var child in generation.SelectMany(parent => ProcessChildren.Of(At(parent).ProcDirectory)).Take(MostProcesses - seen))
            {
                seen++;
                next.Add(child);
                var process = At(child);
                try
                {
                    if (process.Kind() is (TargetKind.AttachKitAgent or TargetKind.HotSpot) and var kind)
                    {
                        return new Attachable(child, ProcessNames.DisplayName(process.CommandLine(), process.ProcDirectory), depth, kind);
                    }
                }
                catch (Exception e) when (e is AttachException or IOException)
                {
                    // Another user's, or gone meanwhile.
                }
            }

            generation = next;
        }

        return null;
    }

    /// <summary>The name attachkit shows for this process (<c>dotnet run</c>, an app's assembly, a program); "?" once it has exited.</summary>
    public string DisplayName()
    {
        try
        {
            return ProcessNames.DisplayName(CommandLine(), ProcDirectory);
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>A process below another that attachkit can attach to.</summary>
    /// <param name="Pid">Its pid.</param>
    /// <param name="Name">What it runs, as <c>attachkit list</c> names it.</param>
    /// <param name="Generations">1 for a child, 2 for a grandchild, …</param>
    /// <param name="Kind">The agent's, or a HotSpot JVM.</param>
    internal sealed record Attachable(int Pid, string Name, int Generations, TargetKind Kind)
    {
        /// <summary>How it stands to the process above: <c>child</c>, <c>grandchild</c>, <c>descendant</c>.</summary>
        public string Relation => Generations switch
        {
            1 => "child",
            2 => "grandchild",
            _ => "descendant",
        };

        /// <summary>What makes it attachable, as a message says it.</summary>
        public string What => Kind == TargetKind.HotSpot ? "is a HotSpot JVM" : "has the AttachKit agent";
    }

    /// <summary>Sends the trigger signal.</summary>
    public void Signal(int signal)
    {
        var errno = Signals.Send(Pid, signal);
        if (errno == Errno.Esrch)
        {
            throw new TargetNotFoundException($"process {Pid} exited before it could be signalled");
        }

        if (errno == Errno.Eperm)
        {
            throw new AttachPermissionException($"not allowed to signal process {Pid}: run attachkit as its owner or as root");
        }

        if (errno != 0)
        {
            throw new AttachPermissionException($"kill({Pid}, {signal}) failed with errno {errno}");
        }
    }
}
