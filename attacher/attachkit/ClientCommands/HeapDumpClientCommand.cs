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

    public async Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken)
    {
        SavedFile saved;
        try
        {
            saved = await BodyFile.SaveAsync(reply, _path, output.Bytes, Name, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SaveSummary.Failed(_path, e);
        }

        return await SaveSummary.WriteAsync(output.Text, _json, saved, "the dump", []);
    }
}
