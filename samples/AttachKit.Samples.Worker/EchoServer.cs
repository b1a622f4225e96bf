using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AttachKit.Samples.Worker;

/// <summary>
/// A line-protocol server on 127.0.0.1: each line received is queued as a job and echoed back with
/// the count of jobs done. One named thread accepts; each client gets a named thread.
/// </summary>
internal sealed class EchoServer : IDisposable
{
    private readonly TcpListener _listener;

    private EchoServer(TcpListener listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static EchoServer Start(int port, JobQueue jobs, CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var server = new EchoServer(listener);
        new Thread(() => server.Accept(jobs, stop)) { IsBackground = true, Name = "echo-accept" }.Start();
        return server;
    }

    public void Dispose() => _listener.Stop();

    private void Accept(JobQueue jobs, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            new Thread(() => Serve(client, jobs)) { IsBackground = true, Name = "echo-client" }.Start();
        }
    }

    private static void Serve(TcpClient client, JobQueue jobs)
    {
        using (client)
        {
            try
            {
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
                while (reader.ReadLine() is { } line)
                {
                    jobs.TryAdd(Encoding.UTF8.GetBytes(line));
                    writer.WriteLine($"{line} (jobs done: {jobs.Done})");
                }
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }
}
