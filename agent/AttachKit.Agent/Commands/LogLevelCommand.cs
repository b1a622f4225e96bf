using System.Text;
using AttachKit.Agent.Logging;
using AttachKit.Protocol;
using Serilog.Events;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>loglevel [[&lt;switch&gt;] &lt;level&gt;]</c>: shows the minimum level of each Serilog level switch
/// the app registered, or sets one switch or all of them. A switch is read by the logger at each
/// event, so the change holds from the app's next log event on.
/// </summary>
internal sealed class LogLevelCommand : IAttachCommand
{
    public string Name => BuiltInCommands.LogLevel;

    public string Summary => "the app's log level switches; given a level, sets one switch or all";

    public ReplyStatus Execute(CommandContext context)
    {
        var switches = context.Options.LevelSwitches;
        var arguments = context.Arguments;
        if (arguments.Count > 2)
        {
            throw Invalid($"usage: loglevel [[<switch>] <level>]; got {arguments.Count} arguments");
        }

        if (arguments.Count > 0)
        {
            if (switches.Count == 0)
            {
                throw new CommandException(StatusCode.CommandFailed, $"process {Environment.ProcessId} registered no level switches; there is nothing to change");
            }

            var targets = arguments.Count == 2 ? [FindSwitch(switches, arguments[0])] : switches;
            var level = ParseLevel(arguments[^1], switches);
            foreach (var target in targets)
            {
                // Logged before the change, so that every event at the new level follows this line.
                context.Log.Information("AttachKit loglevel: switch {Switch} {Previous} -> {Level}", target.Name, target.Switch.MinimumLevel, level);
                target.Switch.MinimumLevel = level;
            }
        }

        if (switches.Count == 0 && context.Format == ReplyFormat.Text)
        {
            context.Output.Write(Encoding.UTF8.GetBytes(
                $"Process {Environment.ProcessId} registered no level switches (an app registers them with AttachAgentOptions.AddLevelSwitch).\n"));
            return ReplyStatus.Ok;
        }

        var report = new FieldReport();
        foreach (var entry in switches)
        {
            report.Add(entry.Name, entry.Name, entry.Switch.MinimumLevel.ToString());
        }

        report.WriteTo(context);
        return ReplyStatus.Ok;
    }

    private static NamedLevelSwitch FindSwitch(IReadOnlyList<NamedLevelSwitch> switches, string name)
        => switches.FirstOrDefault(entry => entry.Name == name)
            ?? throw Invalid($"unknown level switch '{name}'; registered: {string.Join(", ", switches.Select(entry => entry.Name))}");

    private static LogEventLevel ParseLevel(string text, IReadOnlyList<NamedLevelSwitch> switches)
    {
        if (LevelNames.TryParse(text, out var level))
        {
            return level;
        }

        var hint = switches.Any(entry => entry.Name == text) ? $"; to change only switch '{text}': loglevel {text} <level>" : "";
        throw Invalid($"unknown level '{text}'; valid levels: {LevelNames.Valid}{hint}");
    }

    private static CommandException Invalid(string message) => new(StatusCode.InvalidArguments, message);
}
