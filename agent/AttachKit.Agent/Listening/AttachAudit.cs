using System.Diagnostics;
using AttachKit.Linux.Sockets;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>One log line for every attach: who, what, the outcome and how long it took; refusals at a bounded rate (<see cref="RefusalSummary"/>).</summary>
internal sealed class AttachAudit(ILogger log, PeerCredentials peer, ListeningAnnouncement announcement, RefusalSummary refusals)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public void Record(string command, ReplyStatus status)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        announcement.WritePending();
        if (status.Code is StatusCode.PermissionDenied or StatusCode.Busy && !refusals.LogInFull(peer, status))
        {
            return;
        }

        var level = status.Code is StatusCode.PermissionDenied or StatusCode.Busy or StatusCode.InternalError
            ? Serilog.Events.LogEventLevel.Warning
            : Serilog.Events.LogEventLevel.Information;
        log.Write(
            level,
            "AttachKit attach from pid {PeerPid} uid {PeerUid}: {Command} -> {StatusCode} {StatusMessage} in {ElapsedMs:0.0} ms",
            peer.Pid,
            peer.Uid,
            command,
            (int)status.Code,
            status.Message,
            elapsed);
    }
}
