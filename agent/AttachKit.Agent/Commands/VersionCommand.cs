using System.Reflection;
using System.Runtime.InteropServices;
using AttachKit.Redaction;
using AttachKit.Linux;
using AttachKit.Linux.Processes;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>version</c>: agent, runtime and OS versions, and who this process is. The command line is shown
/// with its secrets hidden (<see cref="SecretRedactor.RedactCommandLine"/>): a password passed as an
/// argument is as secret as one in the environment, and there is no --unredacted here.
/// </summary>
internal sealed class VersionCommand : IAttachCommand
{
    public string Name => BuiltInCommands.Version;

    public string Summary => "agent, runtime and OS versions; pid, start time, uptime and command line (secrets redacted)";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        var facts = Facts.Value;
        new FieldReport()
            .Add("agentVersion", "Agent", AgentVersion)
            .Add("protocolVersion", "Protocol", AttachRequest.Version)
            .Add("runtime", "Runtime", RuntimeInformation.FrameworkDescription)
            .Add("os", "OS", RuntimeInformation.OSDescription)
            .Add("architecture", "Architecture", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant())
            .Add("pid", "Pid", Environment.ProcessId)
            .Add("uid", "Uid", Credentials.EffectiveUid)
            .Add("processName", "Process", facts.ProcessName)
            .Add("entryAssembly", "App", facts.EntryAssembly)
            .Add("startTime", "Started", facts.Started)
            .Add("uptimeSeconds", "Uptime", DateTimeOffset.Now - facts.Started)
            .Add("commandLine", "Command line", facts.CommandLine)
            .WriteTo(context);
        return ReplyStatus.Ok;
    }

    internal static string AgentVersion { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    // What never changes in a process's life, read once (at the first version request, not at install).
    private static readonly Lazy<ProcessFacts> Facts = new(ProcessFacts.Read);

    private sealed record ProcessFacts(string ProcessName, string? EntryAssembly, DateTimeOffset Started, IReadOnlyList<string> CommandLine)
    {
        public static ProcessFacts Read()
        {
            // The real argv, host included (dotnet app.dll …), from proc(5) /proc/self/cmdline.
            var commandLine = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            var stat = File.ReadAllText("/proc/self/stat");
            return new ProcessFacts(
                ProcessNames.RuntimeName(stat, commandLine),
                Assembly.GetEntryAssembly()?.GetName().Name,
                ProcessClock.ThisProcessStarted(stat).ToLocalTime(),
                SecretRedactor.RedactCommandLine(commandLine));
        }
    }
}
