using System.Globalization;
using AttachKit.Attacher.Unix;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>A process to attach to, seen through /proc/&lt;pid&gt;.</summary>
internal sealed class TargetProcess
{
    /// <summary>The agent's assembly; framework-dependent apps mmap it, so it shows in /proc/&lt;pid&gt;/maps (FINDINGS).</summary>
    private const string AgentAssembly = "AttachKit.Agent.dll";

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

    /// <summary>Where the target publishes its socket: its TMPDIR when it can be read, else /tmp.</summary>
    public string SocketDirectory() => AttachSocket.DirectoryFor(EnvironmentVariable("TMPDIR"));

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
    public bool HasAgent()
    {
        var maps = Path.Combine(ProcDirectory, "maps");
        try
        {
            return File.ReadLines(maps).Any(line => line.EndsWith(AgentAssembly, StringComparison.Ordinal));
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
