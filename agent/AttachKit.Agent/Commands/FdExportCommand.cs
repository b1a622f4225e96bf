using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>fd-export</c>: sends descriptors of this process to the attacher as SCM_RIGHTS, each batch with
/// the rows that describe it. A powerful command: the receiver gets the very same open files and
/// sockets (docs/COMMANDS.md); the app can disable it.
/// </summary>
internal sealed class FdExportCommand : IAttachCommand
{
    public string Name => BuiltInCommands.FdExport;

    public string Summary => "the descriptors themselves, passed to attachkit (SCM_RIGHTS): to copy one out, or to start a process on them";

    public ReplyStatus Execute(CommandContext context)
    {
        var selection = Parse(context.Arguments);
        var open = DescriptorScanner.OpenDescriptors();
        var chosen = selection.Listeners ? Listeners(context, open) : Numbered(context, selection, open);
        var rowStarts = new List<int>();
        var body = DescriptorTable.Export(chosen).Render(context.Format, DescriptorTable.ArrayKey, rowStarts);
        var numbers = chosen.Select(descriptor => descriptor.Fd).ToArray();
        try
        {
            context.WriteWithDescriptors(body, numbers, rowStarts.ToArray());
        }
        catch (ClosedDescriptorException)
        {
            throw new CommandException(StatusCode.CommandFailed, $"a descriptor was closed by process {Environment.ProcessId} while it was being sent");
        }

        context.Log.Information(
            "AttachKit agent exported {Count} descriptors to its client: {Descriptors}",
            chosen.Count,
            string.Join(", ", chosen.Select(descriptor => $"{descriptor.Fd} ({descriptor.Kind} {descriptor.What})")));
        return ReplyStatus.Ok;
    }

    private static DescriptorSelection Parse(IReadOnlyList<string> arguments)
    {
        try
        {
            return DescriptorSelection.Parse(arguments);
        }
        catch (FormatException e)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"fd-export: {e.Message}");
        }
    }

    private static List<DescriptorInfo> Listeners(CommandContext context, IReadOnlyList<int> open)
    {
        var listeners = DescriptorScanner.Describe(open, context.AgentDescriptors, context.Cancellation, withFlags: false)
            .Where(descriptor => descriptor is { Listening: true, Role: null })
            .ToList();
        return listeners.Count > 0
            ? listeners
            : throw new CommandException(StatusCode.CommandFailed, $"process {Environment.ProcessId} has no listening TCP or Unix socket besides the agent's and the runtime's own");
    }

    private static List<DescriptorInfo> Numbered(CommandContext context, DescriptorSelection selection, IReadOnlyList<int> open)
    {
        IReadOnlyList<int> numbers;
        try
        {
            numbers = selection.Resolve(open);
        }
        catch (FormatException e)
        {
            throw new CommandException(StatusCode.InvalidArguments, $"fd-export: {e.Message}");
        }

        foreach (var fd in numbers)
        {
            if (context.AgentDescriptors.RoleOf(fd) is { } role)
            {
                throw new CommandException(StatusCode.InvalidArguments, $"fd-export: fd {fd} is the agent's own {role}; it is not exported");
            }
        }

        var described = DescriptorScanner.Describe(numbers, context.AgentDescriptors, context.Cancellation, withFlags: false).ToList();
        if (described.Count != numbers.Count)
        {
            var gone = numbers.Except(described.Select(descriptor => descriptor.Fd)).First();
            throw new CommandException(StatusCode.CommandFailed, $"fd {gone} was closed by process {Environment.ProcessId} while it was being exported");
        }

        return described;
    }
}
