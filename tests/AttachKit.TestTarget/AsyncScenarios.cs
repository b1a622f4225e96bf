using System.Globalization;
using System.Net.Sockets;

namespace AttachKit.TestTarget;

/// <summary>
/// Scenarios for <c>tasks</c>: async work that never completes, in chains of methods whose names the tests look
/// for. None installs the agent: the work is read from outside. Everything is kept reachable, so that no chain is
/// collected while the tests read it.
/// </summary>
internal static class AsyncScenarios
{
    private static readonly List<object> Kept = [];

    /// <summary>
    /// Chains of depth 1 to 5 on a TaskCompletionSource each (<see cref="Await1"/> innermost … <see cref="Await5"/>);
    /// one on a 2-hour Task.Delay; one on a socket receive; one on SemaphoreSlim.WaitAsync; one on Task.WhenAll of a
    /// TaskCompletionSource's task and a delay; an async iterator's consumer (await foreach); one a thread named
    /// task-waiter waits for with Wait(); and
    /// <c>count=N</c> (1000) identical chains, each on a TaskCompletionSource of its own.
    /// </summary>
    public static void Pending(string[] args)
    {
        for (var depth = 1; depth <= 5; depth++)
        {
            var source = Keep(new TaskCompletionSource());
            Keep(depth switch
            {
                1 => Await1(source.Task),
                2 => Await2(source.Task),
                3 => Await3(source.Task),
                4 => Await4(source.Task),
                _ => Await5(source.Task),
            });
        }

        Keep(DelayOuter());

        var (reader, writer) = ThreadScenarios.ConnectedPair();
        Keep(writer);
        Keep(ReceiveOuter(reader));

        Keep(SemaphoreOuter(Keep(new SemaphoreSlim(0))));

        Keep(WhenAllOuter(Keep(new TaskCompletionSource()).Task));

        Keep(IteratorConsumer(Keep(new TaskCompletionSource()).Task));

        for (var i = 0; i < ThreadScenarios.Option(args, "count", 1000); i++)
        {
            Keep(ManyOuter(Keep(new TaskCompletionSource()).Task));
        }

        BlockThreadOn(Keep(new TaskCompletionSource()).Task);
    }

    /// <summary>
    /// The chains of <see cref="Pending"/>, and on standard input <c>heap N</c>: N MB more of live objects, about 60%
    /// of it in small objects and the rest in large arrays, for measuring how long the target is paused.
    /// </summary>
    public static void BigHeap(string[] args)
    {
        Pending(args);
        StdinCommands.Register("heap", words => Fill(int.Parse(words[0], CultureInfo.InvariantCulture)));
    }

    private static void Fill(int megabytes)
    {
        var bytes = (long)megabytes << 20;
        var random = new Random(1);
        var small = 0L;
        Node? list = null;
        while (small < bytes * 6 / 10)
        {
            list = new Node(new byte[16 + random.Next(64)], list);
            small += 48 + list.Payload.Length;
        }

        Keep(list!);
        for (var large = 0L; large < bytes * 4 / 10; large += 100_000)
        {
            var array = new byte[100_000];
            Array.Fill(array, (byte)1);
            Keep(array);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public static async Task Await1(Task task) => await task;

    public static async Task Await2(Task task) => await Await1(task);

    public static async Task Await3(Task task) => await Await2(task);

    public static async Task Await4(Task task) => await Await3(task);

    public static async Task Await5(Task task) => await Await4(task);

    public static async Task DelayOuter() => await DelayInner();

    public static async Task DelayInner() => await Task.Delay(TimeSpan.FromHours(2));

    public static async Task<int> ReceiveOuter(Socket socket) => await ReceiveInner(socket);

    public static async Task<int> ReceiveInner(Socket socket) => await socket.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None);

    public static async Task SemaphoreOuter(SemaphoreSlim semaphore) => await SemaphoreInner(semaphore);

    public static async Task SemaphoreInner(SemaphoreSlim semaphore) => await semaphore.WaitAsync();

    public static async Task WhenAllOuter(Task task) => await Task.WhenAll(WhenAllBranch(task), DelayInner());

    public static async Task WhenAllBranch(Task task) => await task;

    public static async Task<int> IteratorConsumer(Task task)
    {
        var sum = 0;
        await foreach (var item in IteratorProducer(task))
        {
            sum += item;
        }

        return sum;
    }

    public static async IAsyncEnumerable<int> IteratorProducer(Task task)
    {
        yield return 1;
        await task;
        yield return 2;
    }

    public static async Task ManyOuter(Task task) => await ManyMiddle(task);

    public static async Task ManyMiddle(Task task) => await ManyInner(task);

    public static async Task ManyInner(Task task) => await task;

    public static async Task BlockedOuter(Task task) => await BlockedInner(task);

    public static async Task BlockedInner(Task task) => await task;

    // A thread that waits for a chain synchronously, as sync-over-async code does; returns once it is asleep in the wait.
    private static void BlockThreadOn(Task task)
    {
        var tid = 0;
        using var started = new ManualResetEventSlim();
        new Thread(() =>
        {
            tid = TaskIds.Current();
            started.Set();
            BlockedOuter(task).Wait();
        })
        { IsBackground = true, Name = "task-waiter" }.Start();
        started.Wait();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (TaskIds.State(tid) != 'S')
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the waiting thread did not block");
            }

            Thread.Sleep(5);
        }
    }

    private static T Keep<T>(T value)
        where T : notnull
    {
        lock (Kept)
        {
            Kept.Add(value);
        }

        return value;
    }

    private sealed record Node(byte[] Payload, Node? Next);
}
