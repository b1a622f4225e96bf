using System.Diagnostics;
using System.Globalization;

namespace AttachKit.TestTarget;

/// <summary>
/// A loaded app for the benchmark of reading a process from outside (<c>threads --locks</c>, <c>tasks</c>) and of
/// the dump route beside it: <c>threads=N</c> blocked threads, most asleep, a few holding Monitor locks that
/// others wait to enter; a live heap of about <c>heap=MB</c> megabytes of small objects (customers with
/// strings, lists of orders, some arrays), kept reachable; pending async chains, three calls deep, that await a
/// TaskCompletionSource never completed or a Task.Delay of hours. A thread named heartbeat wakes every
/// millisecond and keeps the longest gap between its wake-ups: the stdin command <c>heartbeat &lt;tag&gt;</c> prints
/// <c>heartbeat &lt;tag&gt; longest-gap-ms=…</c> (since the previous one) and starts over, so that a benchmark sees how
/// long the process was held still. Other arguments are the agent's (<see cref="AgentScenarios.Installed"/>).
/// Before "ready" it prints <c>inspect-load threads=… lock-owners=… lock-waiters=… chains=… heap-bytes=…</c>.
/// </summary>
internal static class InspectScenarios
{
    private const int ChainsOnCompletionSource = 100;
    private const int ChainsOnDelay = 20;
    private const int WaitersPerLock = 2;

    // What the scenario keeps reachable for the life of the process.
    private static readonly List<object> Kept = [];
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static long _longestGapTicks;

    public static void Load(string[] args)
    {
        string[] own = ["threads", "heap"];
        AgentScenarios.Installed([.. args.Where(arg => !own.Contains(arg.Split('=', 2)[0]))]);
        var threads = ThreadScenarios.Option(args, "threads", 100);
        var heapBytes = ThreadScenarios.Option(args, "heap", 100) * 1024L * 1024;

        FillHeap(heapBytes);

        // A few locks, each held by a sleeping thread and wanted by two more (Monitor.Enter, contended: a sync block).
        var owners = Math.Max(2, threads / 50);
        var waiters = owners * WaitersPerLock;
        var parked = new List<int>();
        var locks = Enumerable.Range(0, owners).Select(_ => new object()).ToList();
        Kept.Add(locks);
        for (var i = 0; i < owners; i++)
        {
            var held = locks[i];
            ThreadScenarios.Start(parked, $"lock-owner-{i}", () => BlockedThreads.HoldLock(held));
        }

        ThreadScenarios.WaitUntilSleeping(parked);
        for (var i = 0; i < waiters; i++)
        {
            var wanted = locks[i % owners];
            ThreadScenarios.Start(parked, $"lock-waiter-{i}", () => BlockedThreads.EnterHeldLock(wanted));
        }

        for (var i = 0; i < threads - owners - waiters; i++)
        {
            ThreadScenarios.Start(parked, $"blocked-{i}", BlockedThreads.SleepForever);
        }

        ThreadScenarios.WaitUntilSleeping(parked);

        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Kept.Add(never);
        for (var i = 0; i < ChainsOnCompletionSource; i++)
        {
            Kept.Add(Chains.OuterAsync(never.Task, i));
        }

        for (var i = 0; i < ChainsOnDelay; i++)
        {
            Kept.Add(Chains.OuterAsync(Task.Delay(TimeSpan.FromHours(10)), i));
        }

        // What the first collections promoted is settled, as in an app that has run a while.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        StdinCommands.Register("heartbeat", tag => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"heartbeat {string.Join(' ', tag)} longest-gap-ms={Interlocked.Exchange(ref _longestGapTicks, 0) * 1000.0 / Stopwatch.Frequency:0.0}")));
        new Thread(Heartbeat) { IsBackground = true, Name = "heartbeat" }.Start();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"inspect-load threads={parked.Count} lock-owners={owners} lock-waiters={waiters} chains={ChainsOnCompletionSource + ChainsOnDelay} heap-bytes={GC.GetTotalMemory(forceFullCollection: false)}"));
    }

    // Customers with a name, an e-mail address, a list of orders (SKUs from a small set, as real ones repeat)
    // and, one in 16, a picture: ≈ 500 bytes in 6–8 objects each, until the heap holds what was asked.
    private static void FillHeap(long bytes)
    {
        var skus = Enumerable.Range(0, 500).Select(i => $"SKU-{i:D5}").ToArray();
        var customers = new List<Customer>();
        Kept.Add(customers);
        var random = new Random(42);
        for (var id = 0; ; id++)
        {
            if (id % 10_000 == 0 && GC.GetTotalMemory(forceFullCollection: false) >= bytes)
            {
                return;
            }

            var orders = new List<Order>(4);
            for (var o = random.Next(1, 5); o > 0; o--)
            {
                orders.Add(new Order(skus[random.Next(skus.Length)], random.Next(1, 100_000) / 100m, DateTime.UnixEpoch.AddMinutes(random.Next())));
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"customer-{id}");
            customers.Add(new Customer(id, name, name + "@example.com", orders, id % 16 == 0 ? new byte[random.Next(512, 4096)] : null));
        }
    }

    private static void Heartbeat()
    {
        var last = Clock.ElapsedTicks;
        while (true)
        {
            Thread.Sleep(1);
            var now = Clock.ElapsedTicks;
            var gap = now - last;
            last = now;
            long longest;
            do
            {
                longest = Interlocked.Read(ref _longestGapTicks);
            }
            while (gap > longest && Interlocked.CompareExchange(ref _longestGapTicks, gap, longest) != longest);
        }
    }

    private sealed record Customer(int Id, string Name, string Email, List<Order> Orders, byte[]? Picture);

    private sealed record Order(string Sku, decimal Amount, DateTime Placed);

    // Three async methods deep, each a state machine box on the heap while it waits.
    private static class Chains
    {
        public static async Task<int> OuterAsync(Task never, int id) => await MiddleAsync(never, id) + 1;

        private static async Task<int> MiddleAsync(Task never, int id) => await InnerAsync(never, id) + 1;

        private static async Task<int> InnerAsync(Task never, int id)
        {
            await never;
            return id;
        }
    }
}
