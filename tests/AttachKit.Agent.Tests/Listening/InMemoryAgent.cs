using System.Collections.Concurrent;
using System.Text;
using AttachKit.Agent.Commands;
using AttachKit.Agent.Descriptors;
using AttachKit.Agent.Listening;
using AttachKit.Linux;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace AttachKit.Agent.Tests.Listening;

/// <summary>
/// The agent's dispatcher and sessions in the test process, with no listener and no target: each
/// connection is one end of a socket pair handed to the dispatcher with the credentials a test chooses,
/// and the test is the client at the other end.
/// </summary>
internal sealed class InMemoryAgent
{
    private static readonly TimeSpan ClientStall = TimeSpan.FromSeconds(15);

    private readonly ConnectionDispatcher _dispatcher;
    private readonly LogLines _log = new();

    public InMemoryAgent(AttachAgentOptions options, params IAttachCommand[] commands)
    {
        Commands = CommandTable.BuiltIn().With([.. options.AppCommands, .. commands]);
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_log).CreateLogger();
        _dispatcher = new ConnectionDispatcher(new CommandScope(Commands, options, new AgentDescriptors(), log), new ListeningAnnouncement(log), new RefusalSummary(log));
    }

    public CommandTable Commands { get; }

    /// <summary>The process's owner, whom the agent serves.</summary>
    public static PeerCredentials Owner { get; } = new(Environment.ProcessId, Credentials.EffectiveUid, Credentials.EffectiveGid);

    /// <summary>A user who is neither the owner nor root.</summary>
    public static PeerCredentials Stranger { get; } = new(Environment.ProcessId, Credentials.EffectiveUid == 65534 ? 65533u : 65534u, 65534);

    /// <summary>What the agent logged, rendered.</summary>
    public IReadOnlyCollection<string> Logged => _log.Lines;

    /// <summary>Hands a new connection from <paramref name="peer"/> to the dispatcher; <paramref name="request"/> is sent first, before the agent reads anything.</summary>
    public Client Connect(PeerCredentials peer, string? request = null)
    {
        var (agentEnd, clientEnd) = UnixSocket.Pair();
        var client = new Client(clientEnd);
        if (request is not null)
        {
            client.Send(request);
        }

        _dispatcher.Dispatch(new AttachConnection(new UnixSocketTransport(agentEnd, ClientStall), peer, agentEnd.Descriptor, agentEnd));
        return client;
    }

    /// <summary>The client's end: sends bytes and reads the reply with the protocol's <see cref="ReplyReader"/>.</summary>
    internal sealed class Client(UnixSocket socket) : IDisposable
    {
        private readonly UnixSocketTransport _transport = new(socket, ClientStall, ClientStall);

        /// <summary>Sends each character as the one byte of its code (Latin-1), so that a test can send bytes that are not UTF-8.</summary>
        public void Send(string bytes) => _transport.Write(Encoding.Latin1.GetBytes(bytes));

        /// <summary>The whole reply: opening status, body as text, final status.</summary>
        public async Task<Reply> ReadReplyAsync()
        {
            var reader = new ReplyReader(_transport);
            var status = await reader.ReadStatusAsync();
            using var body = new MemoryStream();
            var final = await reader.CopyBodyToAsync(body);
            return new Reply(status, Encoding.UTF8.GetString(body.ToArray()), final);
        }

        public void Dispose() => socket.Dispose();
    }

    internal sealed record Reply(ReplyStatus Status, string Body, ReplyStatus Final);

    private sealed class LogLines : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public void Emit(LogEvent logEvent) => _lines.Enqueue(logEvent.RenderMessage() + (logEvent.Exception is { } e ? $" [{e.GetType().Name}: {e.Message}]" : ""));
    }
}
