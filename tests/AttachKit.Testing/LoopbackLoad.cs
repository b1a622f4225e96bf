using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AttachKit.Testing;

/// <summary>
/// A bounded load on a server at 127.0.0.1 (and nowhere else): a few threads, each sending HTTP
/// requests one connection at a time, as fast as they are answered, until stopped. Counts successes
/// by the pid that served them (the handoff sample answers <c>served by pid N</c>) and failures.
/// </summary>
public sealed partial class LoopbackLoad
{
    private static readonly byte[] Request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray();
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly IPEndPoint _server;
    private readonly List<Thread> _threads = [];
    private readonly ConcurrentDictionary<int, long> _servedBy = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stopping;
    private long _requests;
    private long _failed;

    private LoopbackLoad(int port) => _server = new IPEndPoint(IPAddress.Loopback, port);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failed);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Successful requests by the pid that served them.</summary>
    public IReadOnlyDictionary<int, long> ServedBy => _servedBy;

    /// <summary>The first few failures, for a test's message.</summary>
    public IEnumerable<string> FailureSamples => _failures.Take(10);

    public static LoopbackLoad Start(int port, int clients)
    {
        var load = new LoopbackLoad(port);
        for (var i = 0; i < clients; i++)
        {
            var thread = new Thread(load.Run) { IsBackground = true, Name = $"load-{i}" };
            load._threads.Add(thread);
            thread.Start();
        }

        return load;
    }

    /// <summary>Stops issuing requests and waits for those under way.</summary>
    public void Stop()
    {
        _stopping = true;
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _clock.Stop();
    }

    private void Run()
    {
        var response = new byte[1024];
        while (!_stopping)
        {
            try
            {
                var pid = RequestOnce(response);
                _servedBy.AddOrUpdate(pid, 1, (_, count) => count + 1);
                Interlocked.Increment(ref _requests);
            }
            catch (Exception e) when (e is SocketException or IOException or FormatException)
            {
                Interlocked.Increment(ref _requests);
                Interlocked.Increment(ref _failed);
                if (_failures.Count < 10)
                {
                    _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:0.000}s {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private int RequestOnce(byte[] response)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)RequestTimeout.TotalMilliseconds,
            SendTimeout = (int)RequestTimeout.TotalMilliseconds,
        };
        socket.Connect(_server);
        socket.Send(Request);
        var length = 0;
        int read;
        while ((read = socket.Receive(response, length, response.Length - length, SocketFlags.None)) > 0)
        {
            length += read;
        }

        var text = Encoding.ASCII.GetString(response, 0, length);
        var served = ServedByPattern().Match(text);
        return text.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) && served.Success
            ? int.Parse(served.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new FormatException($"unexpected response '{text}'");
    }

    [GeneratedRegex(@"served by pid (\d+)")]
    private static partial Regex ServedByPattern();
}
