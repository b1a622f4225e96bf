using AttachKit.Protocol;
using AttachKit.Linux.Files;
using AttachKit.Linux.Sockets;

namespace AttachKit.Attacher;

/// <summary>
/// Attaches to a process running the AttachKit agent and sends it one command:
/// find the process, use its live socket or verify the agent and signal it, wait for the socket,
/// connect, send the request, and return the reply to stream.
/// </summary>
public sealed class AttachClient(AttachClientOptions? options = null)
{
    private static readonly TimeSpan LongestBusyBackoff = TimeSpan.FromMilliseconds(100);

    private readonly AttachClientOptions _options = options ?? new AttachClientOptions();

    /// <summary>Sends <paramref name="command"/> to process <paramref name="pid"/>.</summary>
    /// <returns>The reply, its opening status OK; dispose it when done.</returns>
    /// <exception cref="AttachException">Any failure, typed by kind.</exception>
    public Task<AttachReply> SendAsync(
        int pid,
        string command,
        IReadOnlyList<string>? arguments = null,
        ReplyFormat format = ReplyFormat.Text,
        CancellationToken cancellationToken = default)
        => SendAsync(pid, new AttachRequest(command, arguments ?? [], format), receiveDescriptors: false, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> to process <paramref name="pid"/>. With
    /// <paramref name="receiveDescriptors"/>, the descriptors the agent sends arrive in
    /// <see cref="AttachReply.Descriptors"/>; without, any it sends are closed as they arrive.
    /// </summary>
    /// <returns>The reply, its opening status OK; dispose it when done.</returns>
    /// <exception cref="AttachException">Any failure, typed by kind.</exception>
    public async Task<AttachReply> SendAsync(int pid, AttachRequest request, bool receiveDescriptors, CancellationToken cancellationToken = default)
        => (await SendAsync(pid, request, receiveDescriptors, onlyIfListening: false, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Sends <paramref name="request"/> to process <paramref name="pid"/> only if its agent is listening
    /// already: no signal, and nothing read of the process but what names its socket. For a tool that
    /// must never signal anyone, and for an attach that needs to know nothing more of the process.
    /// </summary>
    /// <returns>The reply, as <see cref="SendAsync(int, AttachRequest, bool, CancellationToken)"/> returns it; null when nothing listens at the agent's socket.</returns>
    /// <exception cref="AttachException">Any failure but that, typed by kind.</exception>
    public Task<AttachReply?> SendIfListeningAsync(int pid, AttachRequest request, bool receiveDescriptors, CancellationToken cancellationToken = default)
        => SendAsync(pid, request, receiveDescriptors, onlyIfListening: true, cancellationToken);

    /// <summary>Receives descriptors <paramref name="descriptors"/> of process <paramref name="pid"/> (<c>fd-export</c>), in that order.</summary>
    /// <returns>The descriptors, owned by the caller, with what the agent said of each.</returns>
    /// <exception cref="AttachException">Any failure; a number that is not open is a <see cref="CommandFailedException"/>.</exception>
    public Task<DescriptorExport> ExportDescriptorsAsync(int pid, IEnumerable<int> descriptors, CancellationToken cancellationToken = default)
        => ExportAsync(pid, DescriptorExport.Arguments(descriptors), listenersOnly: false, cancellationToken);

    /// <summary>Receives every listening TCP and Unix socket of process <paramref name="pid"/> (<c>fd-export --listeners</c>).</summary>
    public Task<DescriptorExport> ExportListenersAsync(int pid, CancellationToken cancellationToken = default)
        => ExportAsync(pid, ["--listeners"], listenersOnly: true, cancellationToken);

    /// <summary>Sends a command and returns its whole body as text.</summary>
    public async Task<string> RunAsync(int pid, string command, IReadOnlyList<string>? arguments = null, ReplyFormat format = ReplyFormat.Text, CancellationToken cancellationToken = default)
    {
        using var reply = await SendAsync(pid, command, arguments, format, cancellationToken).ConfigureAwait(false);
        return await reply.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DescriptorExport> ExportAsync(int pid, IReadOnlyList<string> arguments, bool listenersOnly, CancellationToken cancellationToken)
    {
        var request = new AttachRequest(BuiltInCommands.FdExport, arguments, ReplyFormat.Json);
        using var reply = await SendAsync(pid, request, receiveDescriptors: true, cancellationToken).ConfigureAwait(false);
        return await DescriptorExport.ReadAsync(reply, listenersOnly, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttachReply?> SendAsync(int pid, AttachRequest request, bool receiveDescriptors, bool onlyIfListening, CancellationToken cancellationToken)
    {
        var encoded = request.Encode();
        var deadline = DateTime.UtcNow + _options.Timeout;
        var backoff = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var socket = onlyIfListening
                ? ConnectIfListening(pid)
                : await ConnectAsync(pid, cancellationToken).ConfigureAwait(false);
            if (socket is null)
            {
                return null;
            }

            var reply = await TrySendAsync(socket, pid, encoded, receiveDescriptors, cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                return reply;
            }

            // The agent was busy: its connections free up in milliseconds, so try again until the deadline.
            if (DateTime.UtcNow + backoff > deadline)
            {
                throw new AttachTimeoutException($"process {pid} stayed busy (all its attach connections in use) for {_options.Timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff < LongestBusyBackoff ? backoff * 2 : LongestBusyBackoff;
        }
    }

    // One request over a new connection: the reply, or null when the agent answered busy.
    private async Task<AttachReply?> TrySendAsync(UnixSocket socket, int pid, byte[] request, bool receiveDescriptors, CancellationToken cancellationToken)
    {
        var connection = new ListenerConnection(socket, _options);
        try
        {
            var reader = new ReplyReader(connection.Transport);
            ReplyStatus status;
            try
            {
                WriteRequest(connection.Transport, request);
                status = await reader.ReadStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (AttachErrors.IsWireFailure(e))
            {
                throw AttachErrors.FromWire(e, pid);
            }

            if (status.Code == StatusCode.Busy)
            {
                connection.Dispose();
                return null;
            }

            if (!status.IsOk)
            {
                throw AttachErrors.FromStatus(status, pid);
            }

            return new AttachReply(connection, reader, status, pid, receiveDescriptors);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // A refusal (busy, another user) is written and the connection closed before the request is read,
    // so the write may fail with EPIPE while the refusal waits to be read: read it rather than fail here.
    private static void WriteRequest(IReplyTransport transport, byte[] request)
    {
        try
        {
            transport.Write(request);
        }
        catch (IOException)
        {
        }
    }

    private static UnixSocket? ConnectIfListening(int pid)
    {
        var target = TargetProcess.Find(pid);
        using var place = target.TryAgentPlace();
        return place is null ? null : AttachConnector.TryConnect(place, pid, target.EffectiveIds().Uid);
    }

    private async Task<UnixSocket> ConnectAsync(int pid, CancellationToken cancellationToken)
    {
        var target = TargetProcess.Find(pid);
        using var place = OpenAgentPlace(target);
        var uid = target.EffectiveIds().Uid;
        if (AttachConnector.TryConnect(place, pid, uid) is { } live)
        {
            return live;
        }

        if (target.AgentDisabledByEnvironment())
        {
            throw new AgentNotFoundException($"process {pid} was started with ATTACHKIT_DISABLE set: its agent is off, and signalling it could kill it");
        }

        if (!_options.Force && !target.HasAgent())
        {
            // A socket at the agent's name that is not the process's own is no sign of the agent; one that
            // another user serves there is someone answering in its place.
            var squatter = place.FindSquatter();
            if (squatter is { Listening: true })
            {
                throw AttachConnector.Squatted(pid, uid, squatter);
            }

            // A host such as dotnet run: the app is its child, and --force would kill the host.
            if (target.AttachableDescendant() is { } app)
            {
                throw new AgentNotFoundException($"process {pid} is `{target.DisplayName()}`; its {app.Relation} {app.Pid} ({app.Name}) {app.What}: attach to {app.Pid}");
            }

            if (!_options.Inject)
            {
                throw new AgentNotFoundException(
                    $"process {pid} shows no AttachKit agent (no AttachKit.Agent.dll in /proc/{pid}/maps{(squatter is null ? "" : $"; {squatter.Description}, which is not its")}) and signalling it could kill it; {InjectionHint(target)}pass --force if it is a single-file or native app that has the agent");
            }

            // The agent publishes its socket as it starts: connect, no signal. One that was there after all
            // (loaded by another attacher meanwhile) is triggered as any.
            if (new AgentInjector(_options).Inject(pid) == InjectionOutcome.Loaded)
            {
                return await AttachConnector.ConnectAsync(place, pid, uid, DateTime.UtcNow + _options.Timeout, cancellationToken).ConfigureAwait(false);
            }
        }

        if (target.SignalWouldStopHost())
        {
            throw new AgentNotFoundException(
                $"process {pid} is a Generic Host app into which the agent was loaded, and its socket is gone from {place.Path}: its host stops the app on SIGQUIT, so it was not signalled; the agent publishes again only in a new process of the app");
        }

        return await AttachConnector.SignalAndConnectAsync(
            target,
            place,
            _options.Signal,
            _options.Timeout,
            () => $"no socket appeared at {place.Path} within {_options.Timeout.TotalSeconds:0.#} s of signal {_options.Signal} to process {pid}; is the agent disabled (ATTACHKIT_DISABLE) or the process hung? Its log says why",
            cancellationToken).ConfigureAwait(false);
    }

    // What --inject would do for a .NET process without the agent, or why it could not: said before --force.
    private static string InjectionHint(TargetProcess target)
    {
        try
        {
            var modules = target.MappedModules();
            if (!modules.Runtime)
            {
                return "";
            }

            return AgentInjector.WhyNot(target, modules) is { } why
                ? $"--inject cannot load the agent into it: {why.Phrase}; "
                : "--inject would load the agent into it through the runtime's diagnostic port (its files are placed in the process's TMPDIR for the runtime to load, then removed; the agent stays in the process until it exits, its socket up at once); ";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static ListenerPlace OpenAgentPlace(TargetProcess target)
    {
        try
        {
            return target.AgentPlace();
        }
        catch (IOException e)
        {
            throw new AttachTimeoutException($"the socket directory of process {target.Pid} cannot be opened ({e.Message}): its agent cannot publish there");
        }
    }
}
