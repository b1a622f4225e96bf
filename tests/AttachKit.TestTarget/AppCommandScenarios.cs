using AttachKit.Agent;
using AttachKit.Protocol;
using Serilog.Core;
using Serilog.Events;

namespace AttachKit.TestTarget;

/// <summary>An app that installs the agent with commands and level switches of its own, without a host.</summary>
internal static class AppCommandScenarios
{
    /// <summary>
    /// Level switches <c>app</c> (Information) and <c>db</c> (Warning), and a command <c>count</c>
    /// that writes how many arguments it got, in text or JSON.
    /// </summary>
    public static void InstalledWithAppCommands(string[] args) => AttachAgent.Install(options => options
        .AddLevelSwitch("app", new LoggingLevelSwitch(LogEventLevel.Information))
        .AddLevelSwitch("db", new LoggingLevelSwitch(LogEventLevel.Warning))
        .AddCommand("count", "how many arguments it got", (request, output, _) =>
        {
            output.Write(request.Format == ReplyFormat.Json ? $"{{\"count\": {request.Arguments.Count}}}\n" : $"{request.Arguments.Count} arguments\n");
            return ReplyStatus.Ok;
        }));
}
