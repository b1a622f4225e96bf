using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using AttachKit.Agent;
using AttachKit.Samples.Handoff;

// First line of Main: before anything starts the runtime's signal handling (docs/INTERNALS.md, "Signals": an inherited ignored SIGQUIT can be undone only until then).
AttachAgent.Install();

// Usage: AttachKit.Samples.Handoff [port]. With LISTEN_FDS (systemd, or attachkit fd-export --exec)
// it serves the sockets it was given; otherwise it binds 127.0.0.1:port (0: any free port).
var inherited = SystemdListeners.Take();
var listeners = inherited.Count > 0 ? inherited : [Bind(args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0)];

using var stop = new CancellationTokenSource();

// Not Console.CancelKeyPress: it is raised for SIGQUIT too, and stopping there would end the app on
// every attach.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var server = new HttpServer();
foreach (var listener in listeners)
{
    Console.WriteLine($"handoff server: pid {Environment.ProcessId} serving {listener.LocalEndPoint} ({(inherited.Count > 0 ? "from LISTEN_FDS" : "bound")})");
}

Console.WriteLine($"upgrade with: attachkit {Environment.ProcessId} fd-export --listeners --exec -- <new server>, then kill -TERM {Environment.ProcessId}");
await Task.WhenAll(listeners.Select(listener => server.AcceptAsync(listener, stop.Token)));
var drained = await server.DrainAsync(TimeSpan.FromSeconds(10));
Console.WriteLine($"handoff server: pid {Environment.ProcessId} stopped accepting; {server.Served} requests served, {(drained ? "all finished" : "some cut off at the drain deadline")}");

// The listeners are not disposed: another process may hold the same sockets (that is the point), and
// disposing a .NET socket while an accept is under way makes .NET shut it down, which stops it
// listening for every holder. Exiting closes this process's descriptors and nothing more.
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static Socket Bind(int port)
{
    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
    socket.Listen(1024);
    return socket;
}
