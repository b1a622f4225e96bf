using AttachKit.Protocol;
using AttachKit.Attacher;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.ClientCommands;

/// <summary><c>heap-dump -o &lt;file&gt; [--type …]</c>: saves the dump the agent streams where attachkit runs.</summary>
internal sealed class HeapDumpClientCommand : IClientCommand
{
    private string _path = "";
    private bool _json;

    public string Name => BuiltInCommands.HeapDump;

    public ClientRequest Prepare(AttachInvocation invocation)
    {
        var (arguments, json) = (invocation.Arguments, invocation.Json);
        (_path, var rest) = OutputOption.Take(Name, arguments, "app.dmp");
        _json = json;
        return new ClientRequest(rest, json ? ReplyFormat.Json : ReplyFormat.Text);
    }

    public Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken)
        => BodyFile.SaveAndSummarizeAsync(reply, _path, output, _json, Name, "the dump", static _ => [], cancellationToken);
}
