using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using AttachKit.Agent.Unix;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary><c>version</c>: agent, runtime and OS versions, and who this process is.</summary>
internal sealed class VersionCommand : IAttachCommand
{
    public string Name => "version";

    public string Summary => "agent, runtime and OS versions; pid, start time, uptime and command line";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        using var self = Process.GetCurrentProcess();
        var started = new DateTimeOffset(self.StartTime);
        new FieldReport()
            .Add("agentVersion", "Agent", AgentVersion)
            .Add("protocolVersion", "Protocol", AttachRequest.Version)
            .Add("runtime", "Runtime", RuntimeInformation.FrameworkDescription)
            .Add("os", "OS", RuntimeInformation.OSDescription)
            .Add("architecture", "Architecture", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant())
            .Add("pid", "Pid", Environment.ProcessId)
            .Add("uid", "Uid", PosixFiles.EffectiveUid)
            .Add("processName", "Process", self.ProcessName)
            .Add("entryAssembly", "App", Assembly.GetEntryAssembly()?.GetName().Name)
            .Add("startTime", "Started", started)
            .Add("uptimeSeconds", "Uptime", DateTimeOffset.Now - started)
            .Add("commandLine", "Command line", CommandLine())
            .WriteTo(context);
        return ReplyStatus.Ok;
    }

    internal static string AgentVersion { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    // The real argv, host included (dotnet app.dll …), from proc(5) /proc/self/cmdline.
    private static IReadOnlyList<string> CommandLine()
        => File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
