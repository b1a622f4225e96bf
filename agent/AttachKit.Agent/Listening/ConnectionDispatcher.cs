using AttachKit.Agent.Commands;
using AttachKit.Agent.Descriptors;
using AttachKit.Agent.Threading;
using AttachKit.Linux;
using AttachKit.Protocol;

namespace AttachKit.Agent.Listening;

/// <summary>
/// Decides, on the accept thread and before reading a byte, whether a connection is served:
/// the peer must be the process's owner or root (the credentials the connection came with), and a
/// slot must be free. Served connections run on the agent's own session threads. Every connection is
/// marked as the agent's own descriptor from here until it is closed.
/// </summary>
internal sealed class ConnectionDispatcher(CommandScope scope, ListeningAnnouncement announcement, RefusalSummary refusals)
{
    // Another user's client run by hand (printf … | socat) writes its request after connecting; had the
    // connection closed first, that write would fail (EPIPE) and socat would end without showing the
    // refusal. Bounded and short: this waits on the accept thread.
    private static readonly TimeSpan RefusalLinger = TimeSpan.FromMilliseconds(20);

    // Idle agent threads end after this long, so an agent nobody attaches to holds none.
    private static readonly TimeSpan IdleThreadExit = TimeSpan.FromSeconds(5);

    private readonly ConnectionSlots _slots = new(scope.Options.MaxConnections);
    private readonly DedicatedWorkers _sessionWorkers = new("attach-session", scope.Options.MaxConnections, IdleThreadExit, scope.Log);
    private readonly DedicatedWorkers _commandWorkers = new("attach-command", scope.Options.MaxConnections, IdleThreadExit, scope.Log);
    private readonly uint _ownerUid = Credentials.EffectiveUid;

    public void Dispatch(AttachConnection connection)
    {
        var held = scope.Descriptors.Hold(connection.Descriptor, AgentDescriptors.Connection);
        try
        {
            var peer = connection.Peer;
            var audit = new AttachAudit(scope.Log, peer, announcement, refusals);
            if (peer.Uid != 0 && peer.Uid != _ownerUid)
            {
                Refuse(connection, held, audit, new ReplyStatus(
                    StatusCode.PermissionDenied,
                    $"uid {peer.Uid} may not attach to process {Environment.ProcessId}: only its owner (uid {_ownerUid}) and root may"),
                    RefusalLinger);
                return;
            }

            if (_slots.TryAcquire() is not { } slot)
            {
                Refuse(connection, held, audit, new ReplyStatus(StatusCode.Busy, $"the agent is serving {scope.Options.MaxConnections} connections already; try again"));
                return;
            }

            var session = new AttachSession(connection, held, slot, audit, scope, _commandWorkers);
            if (!_sessionWorkers.TryRun(session.Serve))
            {
                slot.Release();
                Refuse(connection, held, audit, new ReplyStatus(StatusCode.Busy, "every session thread of the agent is busy; try again"));
            }
        }
        catch (Exception e)
        {
            scope.Log.Warning(e, "AttachKit agent dropped a connection it could not dispatch");
            connection.Dispose();
            held.Dispose();
        }
    }

    // linger: how long to wait, after the refusal, for a request the client may still be sending (discarded unread).
    private static void Refuse(AttachConnection connection, IDisposable held, AttachAudit audit, ReplyStatus status, TimeSpan linger = default)
    {
        using (held)
        using (connection)
        {
            AttachSession.TryEnd(new ReplyWriter(connection.Transport), status);
            if (linger > TimeSpan.Zero)
            {
                DiscardArriving(connection.Transport, linger);
            }
        }

        audit.Record("-", status);
    }

    private static void DiscardArriving(IReplyTransport connection, TimeSpan linger)
    {
        try
        {
            Span<byte> discarded = stackalloc byte[1024];
            connection.Read(discarded, linger);
        }
        catch (IOException)
        {
            // The client went away: nothing left to wait for.
        }
    }
}
