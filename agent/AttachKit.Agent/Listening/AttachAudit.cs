using System.Diagnostics;
using AttachKit.Agent.Unix;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>One log line for every attach and every refusal: who, what, the outcome and how long it took.</summary>
internal sealed class AttachAudit(ILogger log, PeerCredentials peer, ListeningAnnouncement announcement)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public void Record(string command, ReplyStatus status)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        announcement.WritePending();
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
