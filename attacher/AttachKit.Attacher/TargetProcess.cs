using System.Globalization;
using AttachKit.Attacher.Unix;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>A process to attach to, seen through /proc/&lt;pid&gt;.</summary>
internal sealed class TargetProcess
{
    /// <summary>The agent's assembly; framework-dependent apps mmap it, so it shows in /proc/&lt;pid&gt;/maps (FINDINGS).</summary>
    private const string AgentAssembly = "AttachKit.Agent.dll";

    /// <summary>HotSpot's library, which every HotSpot JVM maps (the java launcher loads it).</summary>
    private const string HotSpotLibrary = "/libjvm.so";

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

    /// <summary>The target's pid in its own pid namespace (its innermost NSpid), which names its socket.</summary>
    public int NamespacePid()
    {
        var innermost = StatusField("NSpid")?[^1];
        return int.TryParse(innermost, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : Pid;
    }

    /// <summary>The target's effective uid and gid (the second values of proc(5) status Uid and Gid).</summary>
    public (int Uid, int Gid) EffectiveIds()
    {
        var uid = StatusField("Uid");
        var gid = StatusField("Gid");
        return uid is { Length: > 1 } && gid is { Length: > 1 }
            ? (int.Parse(uid[1], CultureInfo.InvariantCulture), int.Parse(gid[1], CultureInfo.InvariantCulture))
            : throw new TargetNotFoundException($"process {Pid} shows no credentials in /proc/{Pid}/status");
    }

    /// <summary>Whether the target has a handler for <paramref name="signal"/> (proc(5) status SigCgt, not in SigIgn): sending it cannot kill the target.</summary>
    public bool CatchesSignal(int signal)
    {
        var bit = 1UL << (signal - 1);
        return (Mask("SigCgt") & bit) != 0 && (Mask("SigIgn") & bit) == 0;

        ulong Mask(string field) => StatusField(field) is [var hex, ..] && ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) ? mask : 0;
    }

    // The values of one field of proc(5) status ("Name:\tv1\tv2…"); null when absent.
    private string[]? StatusField(string name)
    {
        var prefix = name + ":";
        try
        {
            var line = File.ReadLines(Path.Combine(ProcDirectory, "status")).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line?[prefix.Length..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            throw new TargetNotFoundException($"process {Pid} exited");
        }
    }

    // Same mount namespace when /proc/self/ns/mnt and /proc/<pid>/ns/mnt name the same one; when
    // the target's cannot be read (another user's process), assume it is shared.
    private bool SharesMountNamespace()
    {
        try
        {
            return new FileInfo(Path.Combine(ProcDirectory, "ns", "mnt")).LinkTarget is not { } theirs
                || theirs == new FileInfo("/proc/self/ns/mnt").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Whether the target was started with the agent switched off (ATTACHKIT_DISABLE=1 or true).</summary>
    public bool AgentDisabledByEnvironment() => EnvironmentVariable("ATTACHKIT_DISABLE") is "1" or "true" or "TRUE" or "True";

    // The environment the process started with (proc(5) environ); null when unreadable (another user's process).
    private string? EnvironmentVariable(string name)
    {
        try
        {
            var prefix = name + "=";
            return File.ReadAllText(Path.Combine(ProcDirectory, "environ")).Split('\0')
                .LastOrDefault(variable => variable.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the agent's assembly is mapped in the target.</summary>
    /// <exception cref="AttachPermissionException">This user may not read the target's maps.</exception>
    public bool HasAgent() => Kind() == TargetKind.AttachKitAgent;

    /// <summary>
    /// What the target is, from the files it maps (/proc/&lt;pid&gt;/maps): the one place that decides.
    /// A HotSpot JVM maps libjvm.so; a .NET app with the agent maps the agent's assembly.
    /// </summary>
    /// <exception cref="AttachPermissionException">This user may not read the target's maps.</exception>
    public TargetKind Kind()
    {
        var maps = Path.Combine(ProcDirectory, "maps");
        try
        {
            foreach (var line in File.ReadLines(maps))
            {
                if (line.EndsWith(AgentAssembly, StringComparison.Ordinal))
                {
                    return TargetKind.AttachKitAgent;
                }

                if (line.EndsWith(HotSpotLibrary, StringComparison.Ordinal))
                {
                    return TargetKind.HotSpot;
                }
            }

            return TargetKind.Unknown;
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
