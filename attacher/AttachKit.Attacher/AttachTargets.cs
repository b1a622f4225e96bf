using System.Globalization;
using AttachKit.Attacher.Discovery;
using AttachKit.Attacher.Injection;
using AttachKit.Linux.Processes;

namespace AttachKit.Attacher;

/// <summary>
/// Finds the processes to attach to, like <c>jps</c>: every .NET process this user can inspect, with
/// whether it has the agent and whether its listener is up. Reads /proc only: no signal, no
/// connection, nothing any process could notice.
/// </summary>
public static class AttachTargets
{
    /// <summary>
    /// Lists the .NET processes: those that map libcoreclr.so or the agent's assembly (framework-dependent
    /// apps, self-contained apps that are not single-file), and the HotSpot JVMs (they map libjvm.so).
    /// Single-file and NativeAOT apps do not show, unless their agent's listener is up. This process is left out.
    /// </summary>
    public static AttachTargetList List()
    {
        var users = UserNames.Load();
        var clock = ProcessClock.Now();
        var self = Environment.ProcessId;
        var targets = new List<AttachTarget>();
        var unreadable = new List<UnreadableProcess>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                if (Inspect(TargetProcess.At(pid), users, clock) is { } target)
                {
                    targets.Add(target);
                }
            }
            catch (UnauthorizedAccessException)
            {
                unreadable.Add(UnreadableProcesses.Describe(pid, entry));
            }
            catch (IOException)
            {
                // It exited while being read.
            }
        }

        targets.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return new AttachTargetList(targets, unreadable);
    }

    // Null when the process is neither .NET nor a HotSpot JVM (or not one that shows).
    private static AttachTarget? Inspect(TargetProcess process, UserNames users, ProcessClock clock)
    {
        var modules = process.MappedModules();
        var runtime = modules.Runtime || modules.Agent ? TargetRuntime.DotNet
            : modules.HotSpot ? TargetRuntime.HotSpot
            : (TargetRuntime?)null;
        if (runtime is null)
        {
            return null;
        }

        var status = ProcStatus.Read(process.ProcDirectory, process.Pid);
        var uptime = clock.Uptime(process.ProcDirectory) ?? TimeSpan.Zero;
        var started = clock.StartedAfter(uptime);
        var commandLine = process.CommandLine();
        var state = runtime == TargetRuntime.HotSpot ? JvmState(process, started, commandLine)
            : process.ListenerUp(started) ? TargetState.Listening
            : !modules.Agent ? TargetState.NoAgent
            : process.AgentDisabledByEnvironment() ? TargetState.Disabled
            : TargetState.Dormant;
        var blocker = state == TargetState.NoAgent ? InjectionBlocker(process, modules) : null;
        return new AttachTarget(
            process.Pid,
            status.NamespacePid,
            status.Uid,
            users.NameOf(status.Uid),
            ProcessNames.DisplayName(commandLine, process.ProcDirectory),
            commandLine,
            started,
            uptime,
            state,
            process.InOtherUserNamespace(),
            runtime.Value,
            blocker?.Phrase,
            blocker?.Short);
    }

    // Reads nothing that would reach the process: its environment, configuration file and the diagnostic
    // socket's name, never a connection.
    private static InjectionBlocker? InjectionBlocker(TargetProcess process, MappedModules modules)
    {
        try
        {
            return AgentInjector.WhyNot(process, modules);
        }
        catch (IOException e)
        {
            return new("unknown", $"its TMPDIR cannot be read ({e.Message})");
        }
    }

    // Every HotSpot JVM has an attach listener, started on the first attach, unless switched off.
    private static TargetState JvmState(TargetProcess process, DateTimeOffset started, IReadOnlyList<string> commandLine)
        => process.JvmListenerUp(started) ? TargetState.Listening
            : commandLine.Contains("-XX:+DisableAttachMechanism") ? TargetState.Disabled
            : TargetState.Dormant;
}
