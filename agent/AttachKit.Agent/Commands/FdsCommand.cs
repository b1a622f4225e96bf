using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary><c>fds</c>: every open descriptor, what it refers to, its flags and offset; the agent's own marked.</summary>
internal sealed class FdsCommand : IAttachCommand
{
    public string Name => BuiltInCommands.Fds;

    public string Summary => "open descriptors: kind, path or socket addresses and state, flags, offset";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        var descriptors = DescriptorScanner.Describe(DescriptorScanner.OpenDescriptors(), context.AgentDescriptors, context.Cancellation)
            .Select(row => row.Fd == context.Connection ? row with { Role = $"{row.Role}, this request" } : row)
            .ToList();
        DescriptorTable.Listing(descriptors).WriteTo(context, DescriptorTable.ArrayKey);
        return ReplyStatus.Ok;
    }
}
