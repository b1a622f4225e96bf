using System.Text;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// A command the app registered (<see cref="AttachAgentOptions.AddCommand"/>), run like any other:
/// on the command thread, under the deadline, its exceptions turned into a status by
/// <see cref="CommandRunner"/>.
/// </summary>
internal sealed class AppCommand(string name, string summary, AttachCommandHandler handler) : IAttachCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string Name { get; } = name;

    public string Summary { get; } = summary;

    public ReplyStatus Execute(CommandContext context)
    {
        // Not disposed: the body stream belongs to the reply, and a dispose during an unwinding
        // exception (after the deadline ended the reply) would replace the handler's exception.
        var output = new StreamWriter(context.Output, Utf8, bufferSize: 4096, leaveOpen: true);
        var status = handler(new AttachRequest(Name, context.Arguments, context.Format), output, context.Cancellation);
        output.Flush();

        // default(ReplyStatus) has no message; a status line needs one.
        return status.Message is null ? new ReplyStatus(status.Code, status.IsOk ? "ok" : $"command '{Name}' ended with status {(int)status.Code}") : status;
    }
}
