using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using AttachKit.Agent;

namespace AttachKit.TestTarget;

/// <summary>
/// Scenarios for thread dumps: threads blocked in every common way, crowds of identical workers, a
/// spinning thread, a starved thread pool, and a big app for the benchmark. Each thread's own method
/// has a name the tests look for; thread names fit the kernel's 15 bytes.
/// </summary>
internal static class ThreadScenarios
{
    private static readonly object SharedLock = new();

    /// <summary>One thread per way of blocking (see <see cref="BlockedThreads"/>).</summary>
    public static void Blocked(string[] args)
    {
        AgentScenarios.Installed(args);
        var parked = new List<int>();
        Start(parked, "monitor-wait", BlockedThreads.WaitOnMonitor);
        Start(parked, "sleeper", BlockedThreads.SleepForever);
        Start(parked, "mre-wait", BlockedThreads.WaitOnManualResetEvent);
        Start(parked, "semaphore-wait", BlockedThreads.WaitOnSemaphoreSlim);
        var (reader, writer) = ConnectedPair();
        Start(parked, "socket-read", () => BlockedThreads.ReadFromSilentSocket(reader, writer));
        Start(parked, "lock-owner", () => BlockedThreads.HoldLock(SharedLock));
        WaitUntilSleeping(parked);
        Start(parked, "lock-waiter", () => BlockedThreads.EnterHeldLock(SharedLock));
        WaitUntilSleeping(parked);
    }

    /// <summary>
    /// <c>count=N</c> identical threads named idle-worker, parked in the same method; with <c>hogs=M</c>,
    /// M more named hog-i spin on the CPU beside them (a process starved of CPU).
    /// </summary>
    public static void IdleWorkers(string[] args)
    {
        AgentScenarios.Installed([]);
        var parked = new List<int>();
        for (var i = 0; i < Option(args, "count", 300); i++)
        {
            Start(parked, "idle-worker", BlockedThreads.SleepForever);
        }

        WaitUntilSleeping(parked);
        for (var i = 0; i < Option(args, "hogs", 0); i++)
        {
            new Thread(BusyThreads.Spin) { IsBackground = true, Name = $"hog-{i}" }.Start();
        }
    }

    /// <summary>A thread named spinner that burns a CPU, beside a few sleeping ones.</summary>
    public static void Spinner(string[] args)
    {
        AgentScenarios.Installed([]);
        var parked = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            Start(parked, $"idle-{i}", BlockedThreads.SleepForever);
        }

        WaitUntilSleeping(parked);
        new Thread(BusyThreads.Spin) { IsBackground = true, Name = "spinner" }.Start();
    }

    /// <summary>The thread pool blocked to its limit and every CPU saturated: when people attach.</summary>
    public static void Starved(string[] args)
    {
        AgentScenarios.Installed([]);
        BusyThreads.StarveThreadPool(Environment.ProcessorCount);
        for (var i = 0; i < Environment.ProcessorCount * 2; i++)
        {
            new Thread(BusyThreads.Spin) { IsBackground = true, Name = $"hog-{i}" }.Start();
        }
    }

    /// <summary>The blocked threads, and a thread named jitter that runs a newly compiled method every 100 ms.</summary>
    public static void Jitting(string[] args)
    {
        Blocked(args);
        new Thread(() => GeneratedMethods.RunNewCodeForever(TimeSpan.FromMilliseconds(100))) { IsBackground = true, Name = "jitter" }.Start();
    }

    /// <summary>A big app for the benchmark: <c>threads=N</c> blocked threads and <c>methods=M</c> JIT-compiled methods.</summary>
    public static void Big(string[] args)
    {
        AgentScenarios.Installed([]);
        GeneratedMethods.Compile(Option(args, "methods", 20_000));
        var parked = new List<int>();
        for (var i = 0; i < Option(args, "threads", 100); i++)
        {
            Start(parked, $"blocked-{i}", BlockedThreads.SleepForever);
        }

        WaitUntilSleeping(parked);
    }

    internal static void Start(List<int> tids, string name, Action body)
    {
        using var started = new ManualResetEventSlim();
        var tid = 0;
        // Unoptimized, as SleepForever: the body's call is never turned into a tail call, so every
        // thread shows this frame however many threads ran it before it was recompiled.
        new Thread([MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)] () =>
        {
            tid = TaskIds.Current();
            started.Set();
            body();
        })
        { IsBackground = true, Name = name }.Start();
        started.Wait();
        tids.Add(tid);
    }

    // A thread that set its flag may not be blocked yet: wait until the kernel says each sleeps (proc(5) state S).
    internal static void WaitUntilSleeping(IReadOnlyList<int> tids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (tids.Any(tid => TaskIds.State(tid) != 'S'))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("threads did not block");
            }

            Thread.Sleep(5);
        }

        Thread.Sleep(50);
    }

    internal static (Socket Reader, Socket Writer) ConnectedPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        writer.Connect(listener.LocalEndPoint!);
        return (listener.Accept(), writer);
    }

    internal static int Option(string[] args, string name, int fallback)
        => args.Where(arg => arg.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(arg => int.Parse(arg[(name.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(fallback)
            .Last();
}
