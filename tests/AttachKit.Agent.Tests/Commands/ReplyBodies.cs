using System.Text;
using AttachKit.Agent.Commands;
using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Commands;

/// <summary>What a command writes, as the client would read it.</summary>
internal static class ReplyBodies
{
    /// <summary>The body <paramref name="write"/> makes, written through a real reply and read back through a real reader.</summary>
    public static string Of(Action<CommandContext> write, ReplyFormat format)
    {
        using var wire = new MemoryStream();
        var reply = new ReplyWriter(wire);
        var scope = new CommandScope(CommandTable.BuiltIn(), new AttachAgentOptions(), new AgentDescriptors(), Serilog.Core.Logger.None);
        var context = new CommandContext(new AttachRequest("test", [], format), reply, new CommandDeadline(TimeSpan.FromSeconds(5)), scope, connection: -1);
        write(context);
        reply.End(ReplyStatus.Ok);
        wire.Position = 0;
        var reader = new ReplyReader(wire);
        using var body = new MemoryStream();
        reader.ReadStatusAsync().AsTask().GetAwaiter().GetResult();
        reader.CopyBodyToAsync(body).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
