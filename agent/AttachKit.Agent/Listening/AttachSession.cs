using AttachKit.Agent.Commands;
using AttachKit.Agent.Threading;
using AttachKit.Protocol;

namespace AttachKit.Agent.Listening;

/// <summary>
/// One connection, on its own thread: read the request, run the command under its deadline, end the
/// reply with a status, log the attach. Nothing escapes: every failure becomes a status. It knows the
/// connection only by its transport (<see cref="AttachConnection"/>), so it serves any.
/// </summary>
internal sealed class AttachSession(
    AttachConnection connection,
    IDisposable held,
    ConnectionSlots.Slot slot,
    AttachAudit audit,
    CommandScope scope,
    DedicatedWorkers commandWorkers)
{
    // How long the connection thread waits for a body write under way on an abandoned command's thread.
    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(1);

    public void Serve()
    {
        var command = "-";
        ReplyStatus status;
        var reply = new ReplyWriter(connection.Transport);
        try
        {
            var request = RequestReceiver.Receive(connection.Transport);
            command = request.Command;
            status = CommandRunner.Run(request, reply, scope, connection.Descriptor, slot, commandWorkers);
        }
        catch (RequestRejectedException e)
        {
            status = e.Status;
        }
        catch (Exception e)
        {
            scope.Log.Error(e, "AttachKit agent failed serving {Command}", command);
            status = new ReplyStatus(StatusCode.InternalError, $"agent error: {e.Message}");
        }

        TryEnd(reply, status);
        connection.Dispose();
        held.Dispose();
        audit.Record(command, status);
        slot.Release();
    }

    /// <summary>Ends the reply; a client that went away is not an error of the agent's.</summary>
    public static void TryEnd(ReplyWriter reply, ReplyStatus status)
    {
        try
        {
            reply.End(status, EndWait);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The client closed its end; the audit line still records the outcome.
        }
    }
}
