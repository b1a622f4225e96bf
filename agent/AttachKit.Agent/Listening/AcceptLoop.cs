using System.Diagnostics;
using AttachKit.Linux.Sockets;
using Serilog;

namespace AttachKit.Agent.Listening;

/// <summary>
/// Accepts connections on a thread of its own (never the thread pool, which may be starved when people
/// attach). While no connection waits, it writes the log lines held back until due.
/// </summary>
internal static class AcceptLoop
{
    public static void Start(UnixSocket listener, ConnectionDispatcher dispatcher, IReadOnlyList<IDeferredLines> deferred, ILogger log)
    {
        var thread = new Thread(() => Run(listener, dispatcher, deferred, log))
        {
            IsBackground = true,
            Name = "attach-listener",
        };
        thread.Start();
    }

    private static void Run(UnixSocket listener, ConnectionDispatcher dispatcher, IReadOnlyList<IDeferredLines> deferred, ILogger log)
    {
        while (true)
        {
            UnixSocket connection;
            try
            {
                WriteWhenDueUnlessConnected(listener, deferred);
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

            if (Accepted(connection, log) is { } accepted)
            {
                dispatcher.Dispatch(accepted);
            }
        }
    }

    // The connection with its peer's credentials, which the dispatcher checks before reading a byte; null (and closed) when the kernel cannot say.
    private static AttachConnection? Accepted(UnixSocket connection, ILogger log)
    {
        try
        {
            return AttachConnection.Accepted(connection);
        }
        catch (Exception e)
        {
            log.Warning(e, "AttachKit agent dropped a connection it could not dispatch");
            connection.Dispose();
            return null;
        }
    }

    // Returns when a connection waits, writing each held line as it falls due meanwhile; at once when none is held.
    private static void WriteWhenDueUnlessConnected(UnixSocket listener, IReadOnlyList<IDeferredLines> deferred)
    {
        while (Earliest(deferred) is { } due)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (left <= TimeSpan.Zero)
            {
                foreach (var lines in deferred)
                {
                    lines.WriteDue();
                }

                continue;
            }

            if (listener.WaitReadable(left))
            {
                return;
            }
        }
    }

    // A loop, not LINQ: this runs before the first accept, where every generic instantiation is compiled in the app.
    private static long? Earliest(IReadOnlyList<IDeferredLines> deferred)
    {
        long? earliest = null;
        for (var i = 0; i < deferred.Count; i++)
        {
            if (deferred[i].DueAt is { } due && (earliest is null || due < earliest))
            {
                earliest = due;
            }
        }

        return earliest;
    }
}
