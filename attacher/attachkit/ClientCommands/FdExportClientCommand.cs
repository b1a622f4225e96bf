using System.Globalization;
using AttachKit.Attacher;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>fd-export</c> on the attacher's side. <c>--exec -- &lt;command&gt; [args…]</c> starts the command
/// with the received descriptors as fd 3, 4, … and systemd's socket-activation variables;
/// <c>--read</c> copies one received descriptor's content to stdout. Without either, the body (what
/// was exported) is printed and the descriptors are not kept.
/// </summary>
internal sealed class FdExportClientCommand : IClientCommand
{
    private const string ExecOption = "--exec";
    private const string ReadOption = "--read";

    private IReadOnlyList<string>? _exec;
    private bool _read;
    private bool _json;
    private bool _listeners;

    public string Name => BuiltInCommands.FdExport;

    public ClientRequest Prepare(AttachInvocation invocation)
    {
        var (arguments, json) = (invocation.Arguments, invocation.Json);
        var agentArguments = arguments.ToList();
        var exec = agentArguments.IndexOf(ExecOption);
        if (exec >= 0)
        {
            // Everything after --exec is the command, whatever it looks like (attachkit drops a "--" before it).
            _exec = agentArguments[(exec + 1)..];
            agentArguments.RemoveRange(exec, agentArguments.Count - exec);
            if (_exec.Count == 0)
            {
                throw new ArgumentException("--exec needs a command: attachkit <pid> fd-export <fds>|--listeners --exec -- <command> [args…]");
            }
        }

        _read = agentArguments.Remove(ReadOption);
        if (_read && _exec is not null)
        {
            throw new ArgumentException("--read and --exec cannot be combined");
        }

        if (_read && (agentArguments.Count != 1 || !int.TryParse(agentArguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new ArgumentException("--read copies exactly one descriptor: attachkit <pid> fd-export <fd> --read");
        }

        _json = json;
        _listeners = agentArguments.Contains("--listeners");
        var keep = _read || _exec is not null;
        return new ClientRequest(agentArguments, keep || json ? ReplyFormat.Json : ReplyFormat.Text, ReceiveDescriptors: keep);
    }

    public async Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken)
    {
        if (_exec is null && !_read)
        {
            await BodyOutput.CopyAsync(reply, output.Text, _json, cancellationToken);
            await Console.Error.WriteLineAsync("attachkit: the descriptors were not kept; add --exec -- <command> to pass them on, or --read to copy one");
            return ExitCodes.Success;
        }

        using var export = await DescriptorExport.ReadAsync(reply, _listeners, cancellationToken);
        return _exec is not null
            ? await ExecWithDescriptors.RunAsync(_exec, export)
            : await DescriptorCopy.ToAsync(export.Descriptors.Single(), export.Pid, output.Copy, cancellationToken);
    }
}
