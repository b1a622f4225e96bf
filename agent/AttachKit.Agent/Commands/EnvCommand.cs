using System.Collections;
using AttachKit.Redaction;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>env [--unredacted]</c>: the process environment, sorted, with secret-looking values hidden
/// (<see cref="SecretRedactor"/>). <c>--unredacted</c> shows them only where the app allowed it
/// (<see cref="AttachAgentOptions.AllowUnredactedEnvironment"/>).
/// </summary>
internal sealed class EnvCommand : IAttachCommand
{
    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.Env);

    public string Name => BuiltInCommands.Env;

    public string Summary => "the process environment, secret-looking values redacted (--unredacted only where the app allows it)";

    public ReplyStatus Execute(CommandContext context)
    {
        var unredacted = Options.Parse(Name, context.Arguments).Has("--unredacted");
        if (unredacted && !context.Options.AllowUnredactedEnvironment)
        {
            throw new CommandException(
                StatusCode.CommandDisabled,
                $"--unredacted is off in process {Environment.ProcessId}: the app must set AttachAgentOptions.AllowUnredactedEnvironment");
        }

        var table = new ReportTable(new TableColumn("name", "name"), new TableColumn("value", "value"));
        var redactedCount = 0;
        var variables = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => ((string)entry.Key, (string?)entry.Value ?? ""))
            .OrderBy(variable => variable.Item1, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            var (shown, redacted) = unredacted ? (value, false) : SecretRedactor.Redact(name, value);
            redactedCount += redacted ? 1 : 0;
            table.AddRow(name, shown);
        }

        new FieldReport()
            .Add("count", "Variables", table.Count)
            .Add("redactedCount", "Redacted", redactedCount)
            .Add("variables", "Environment", table)
            .WriteTo(context);
        return ReplyStatus.Ok;
    }
}
