using AttachKit.Protocol.Unix;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>Accepts connections on a thread of its own (never the thread pool, which may be starved when people attach).</summary>
internal static class AcceptLoop
{
    public static void Start(UnixSocket listener, ConnectionDispatcher dispatcher, ListeningAnnouncement announcement, ILogger log)
    {
        var thread = new Thread(() => Run(listener, dispatcher, announcement, log))
        {
            IsBackground = true,
            Name = "attach-listener",
        };
        thread.Start();
    }

    private static void Run(UnixSocket listener, ConnectionDispatcher dispatcher, ListeningAnnouncement announcement, ILogger log)
    {
        while (true)
        {
            UnixSocket connection;
            try
            {
                announcement.WriteWhenDueUnlessConnected(listener);
                connection = listener.Accept();
            }
            catch (ObjectDisposedException)
            {
                // The listener was closed (replaced after its file was deleted, or the process is exiting).
                return;
            }
            catch (Exception e)
            {
                // EMFILE and friends: back off rather than spin, and keep serving once descriptors free up.
                log.Warning(e, "AttachKit agent accept failed; retrying");
                Thread.Sleep(100);
                continue;
            }

            dispatcher.Dispatch(connection);
        }
    }
}
