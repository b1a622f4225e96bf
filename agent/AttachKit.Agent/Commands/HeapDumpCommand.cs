using AttachKit.Agent.Commands.DiagnosticPort;
using AttachKit.Agent.DiagnosticIpc;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>heap-dump [--type full|heap|mini|triage]</c>: a dump written by the runtime's own dump writer,
/// streamed back as the reply body (an ELF core file whatever the reply format) and deleted, so it
/// lands where the attacher runs, not in the target's (perhaps a container's) file system.
/// A powerful command: the dump holds every secret in the process's memory; apps that do not want
/// it disable it (<see cref="AttachAgentOptions.DisabledCommands"/>).
/// </summary>
internal sealed class HeapDumpCommand : IAttachCommand
{
    private const int CopyBufferBytes = 64 * 1024;

    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.HeapDump);

    private static readonly Dictionary<string, DumpKind> Types = new(StringComparer.Ordinal)
    {
        ["full"] = DumpKind.Full,
        ["heap"] = DumpKind.WithHeap,
        ["mini"] = DumpKind.Normal,
        ["triage"] = DumpKind.Triage,
    };

    public string Name => BuiltInCommands.HeapDump;

    public string Summary => "a memory dump by the runtime's own writer, saved where attachkit runs";

    public ReplyStatus Execute(CommandContext context)
    {
        var kind = Options.Parse(Name, context.Arguments).Choice("--type", Types, DumpKind.WithHeap);
        DiagnosticPortErrors.ThrowIfDisabled(Name);

        // Writing the dump must fit in the command's budget; sending it may take as long as the
        // client keeps reading: each chunk sent pushes the deadline out again.
        using var dump = DumpFile.Write(Name, kind, context.Cancellation);
        var buffer = new byte[CopyBufferBytes];
        int read;
        while ((read = dump.Read(buffer)) > 0)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            context.Output.Write(buffer, 0, read);
            context.Deadline.ExtendTo(context.Options.CommandTimeout);
        }

        context.Output.Flush();
        return ReplyStatus.Ok;
    }
}
