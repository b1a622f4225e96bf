using System.Diagnostics;
using AttachKit.Protocol;

namespace AttachKit.Agent.Listening;

/// <summary>Reads one request under <see cref="ProtocolLimits.RequestDeadline"/>, however slowly its bytes drip in.</summary>
internal static class RequestReceiver
{
    // Requests are a few dozen bytes; the parser takes them in pieces of any size. On the stack: an
    // agent's every attach is garbage in someone else's heap.
    private const int ReceiveBytes = 1024;

    public static AttachRequest Receive(IReplyTransport connection)
    {
        var parser = new RequestParser();
        Span<byte> buffer = stackalloc byte[ReceiveBytes];
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = ProtocolLimits.RequestDeadline - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw TimedOut();
            }

            var read = connection.Read(buffer, left);
            if (read < 0)
            {
                throw TimedOut();
            }

            if (read == 0)
            {
                throw parser.Incomplete();
            }

            if (parser.Feed(buffer[..read]))
            {
                return parser.Request;
            }
        }
    }

    private static RequestRejectedException TimedOut() => new(new ReplyStatus(
        StatusCode.TimedOut,
        $"the request was not complete within {ProtocolLimits.RequestDeadline.TotalSeconds:0} s"));
}
