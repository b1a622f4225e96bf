using AttachKit.Agent.Commands.DiagnosticPort;
using AttachKit.Agent.EventPipe;
using AttachKit.Linux.Memory;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>trace [--duration &lt;time&gt;] [--profile &lt;name&gt;] [--providers &lt;list&gt;]</c>: an EventPipe
/// session on the runtime's own diagnostic port for the duration, its .nettrace bytes streamed back
/// as the reply body as they are produced (whatever the reply format). The attacher saves them.
/// </summary>
internal sealed class TraceCommand : IAttachCommand
{
    // Large enough to hold a whole rundown without losing events, and only allocated as it fills
    // (docs/INTERNALS.md, "Thread dumps").
    private const int CircularBufferMegabytes = 64;

    private static readonly CommandOptions Options = CommandOptions.Of(BuiltInCommands.Trace);

    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public string Name => BuiltInCommands.Trace;

    public string Summary => "an EventPipe trace (CPU samples unless a profile or providers say otherwise; 10 s by default), saved where attachkit runs";

    // The trace runs for its duration; the command timeout on top covers the rundown and the transfer.
    public TimeSpan Budget(IReadOnlyList<string> arguments, TimeSpan commandTimeout)
        => commandTimeout + Options.ExtraTime(Name, arguments, options => Duration(options));

    public ReplyStatus Execute(CommandContext context)
    {
        var options = Options.Parse(Name, context.Arguments);
        var duration = Duration(options);
        var providers = Providers(options);
        DiagnosticPortErrors.ThrowIfDisabled(Name);
        EventPipeSession session;
        try
        {
            session = EventPipeSession.Start(providers, CircularBufferMegabytes, EventPipeSession.DefaultRundownKeywords, context.Cancellation);
        }
        catch (Exception e) when (DiagnosticPortErrors.Explain(Name, e) is CommandException explained)
        {
            throw explained;
        }

        try
        {
            using (session)
            {
                return TraceStreamer.Run(context, session, duration);
            }
        }
        finally
        {
            // The session's buffers are freed by now; without this they stay in the host's RSS.
            FreedMemory.ReturnToKernel();
        }
    }

    private static TimeSpan Duration(CommandOptions.ParsedOptions options)
        => options.Duration("--duration", DefaultDuration, MinDuration, MaxDuration);

    // The profile's providers (cpu when neither option is given), and --providers on top: a provider
    // named in both takes its --providers settings, as dotnet-trace does.
    private static List<EventPipeProvider> Providers(CommandOptions.ParsedOptions options)
    {
        var profile = options.Has("--profile") || !options.Has("--providers")
            ? options.Choice("--profile", TraceProfiles.All, TraceProfiles.All["cpu"]).Providers
            : [];
        var extra = new List<EventPipeProvider>();
        if (options.Value("--providers") is { } text)
        {
            var (parsed, error) = TraceProviders.Parse(text);
            extra.AddRange(error is null ? parsed : throw options.Invalid($"--providers: {error}"));
        }

        return [.. profile.Where(provider => !extra.Any(other => other.Name == provider.Name)), .. extra];
    }
}
