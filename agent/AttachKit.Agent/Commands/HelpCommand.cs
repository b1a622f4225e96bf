using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>help</c>: every command with its one-line summary and, under it, what it takes as attachkit takes
/// it (<see cref="BuiltInCommands.Usage"/>); the app's own apart, and which ones this process disabled.
/// </summary>
internal sealed class HelpCommand : IAttachCommand
{
    public string Name => BuiltInCommands.Help;

    public string Summary => "list the commands and what each does";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        var commands = context.Commands.All;
        var disabled = context.Options.DisabledCommands;
        if (context.Format == ReplyFormat.Json)
        {
            using var json = new Utf8JsonWriter(context.Output, JsonValues.WriterOptions);
            json.WriteStartObject();
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteStartArray("commands");
            foreach (var command in commands)
            {
                json.WriteStartObject();
                json.WriteString("name", command.Name);
                json.WriteString("summary", command.Summary);
                json.WriteString("usage", Usage(command));
                json.WriteString("source", command is AppCommand ? "app" : "agent");
                json.WriteBoolean("enabled", !disabled.Contains(command.Name));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            context.Output.WriteByte((byte)'\n');
            return ReplyStatus.Ok;
        }

        var width = commands.Max(command => command.Name.Length) + 2;
        var text = new StringBuilder($"Commands of the AttachKit agent in process {Environment.ProcessId}:\n");
        var appHeading = false;
        foreach (var command in commands)
        {
            if (command is AppCommand && !appHeading)
            {
                appHeading = true;
                text.Append("Commands of the app:\n");
            }

            var note = disabled.Contains(command.Name) ? " (disabled here)" : "";
            text.Append("  ").Append(command.Name.PadRight(width)).Append(command.Summary).Append(note).Append('\n');
            if (Usage(command) is { Length: > 0 } usage)
            {
                text.Append(' ', width + 2).Append(usage).Append('\n');
            }
        }

        text.Append("Any command answers in JSON when asked with --json.\n");
        context.Output.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return ReplyStatus.Ok;
    }

    // An app's command has none here (it cannot take a built-in command's name): its summary says what it takes.
    private static string Usage(IAttachCommand command) => BuiltInCommands.Usage(command.Name).Text;
}
