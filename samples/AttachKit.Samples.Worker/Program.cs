using System.Runtime.InteropServices;
using AttachKit.Agent;
using AttachKit.Samples.Worker;

// First line of Main: before anything starts the runtime's signal handling (docs/INTERNALS.md, "Signals": an inherited ignored SIGQUIT can be undone only until then).
AttachAgent.Install();

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
using var stop = new CancellationTokenSource();

// Not Console.CancelKeyPress: it is raised for SIGQUIT too (as ControlBreak), and stopping there
// would end the app on every attach.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var jobs = new JobQueue();
using var pool = WorkerPool.Start(jobs, workers: 4, stop.Token);
using var ticker = Ticker.Start(jobs, TimeSpan.FromMilliseconds(200));
using var server = EchoServer.Start(port, jobs, stop.Token);

Console.WriteLine($"sample worker: pid {Environment.ProcessId}, echo server on 127.0.0.1:{server.Port}");
Console.WriteLine($"attach with: attachkit {Environment.ProcessId} help");
stop.Token.WaitHandle.WaitOne();
Console.WriteLine("sample worker: stopping");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
