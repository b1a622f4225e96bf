using System.Globalization;
using AttachKit.Attacher;
using AttachKit.Attacher.Threads;
using AttachKit.Cli.NativeAot;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// <c>threads [--group] [--top N] [--interval 1s] [--no-method-cache]</c>: the agent sends a raw
/// capture, parsed here (parsing in the target costs it memory and risks hangs: docs/INTERNALS.md,
/// "Thread dumps") and rendered as text or JSON.
/// </summary>
internal sealed class ThreadsClientCommand : IClientCommand
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);

    private ThreadDumpView _view = new(Json: false, Group: false, Top: null);
    private ThreadDumpRequest? _request;

    public string Name => BuiltInCommands.Threads;

    public ClientRequest Prepare(AttachInvocation invocation)
    {
        TraceEventImage.RunCommandHere();
        var arguments = invocation.Arguments;
        bool group = false, cache = true;
        int? top = null;
        TimeSpan? interval = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--group":
                    group = true;
                    break;
                case "--no-method-cache":
                    cache = false;
                    break;
                case "--top" when i + 1 < arguments.Count && int.TryParse(arguments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    top = count;
                    i++;
                    break;
                case "--interval" when i + 1 < arguments.Count && DurationText.TryParse(arguments[i + 1], out var duration) && duration <= MaxInterval:
                    interval = duration;
                    i++;
                    break;
                default:
                    throw new ArgumentException($"threads: unexpected '{arguments[i]}'; usage: threads {BuiltInCommands.Usage(Name).Text} (an interval such as 1s or 500ms, at most {MaxInterval.TotalSeconds:0}s)");
            }
        }

        // --top ranks by CPU over an interval (default 1 s), like Arthas' thread -n.
        if (top is not null)
        {
            interval ??= DefaultInterval;
        }

        _view = new ThreadDumpView(invocation.Json, group, top);
        _request = new ThreadDumpRequest(new AttachClient(invocation.Options), invocation.Pid, new ThreadDumpOptions { CpuInterval = interval, UseMethodCache = cache });
        // The agent sends its raw capture whatever the user asked for: JSON is rendered here.
        return new ClientRequest(_request.Arguments, ReplyFormat.Text);
    }

    public async Task<int> HandleAsync(AttachReply reply, CliOutput output, CancellationToken cancellationToken)
    {
        var request = _request ?? throw new InvalidOperationException("Prepare comes first");
        var dump = TraceEventImage.InProcess ? await request.ReadAsync(reply, cancellationToken) : throw TraceEventImage.Unreachable();
        var rendered = _view.Json ? ThreadDumpJson.Render(dump, _view) : ThreadDumpText.Render(dump, _view);
        await output.Text.WriteAsync(rendered, cancellationToken);
        await output.Text.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
