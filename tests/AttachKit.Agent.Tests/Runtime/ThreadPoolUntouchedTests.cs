using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

/// <summary>
/// The agent needs the target's thread pool for nothing (README, "Bounded"; docs/INTERNALS.md, "The thread
/// pool"): every command, run with the real CLI against a process that never started its pool, leaves the
/// pool unstarted. Checked from outside (no pool thread, nor the socket event thread that feeds it, in
/// /proc/&lt;pid&gt;/task) and from inside (the pool has completed no work item and has no thread).
/// </summary>
[Trait("Category", "Cli")]
public class ThreadPoolUntouchedTests
{
    // Threads the runtime starts only for the pool and what feeds it work items: its gate and workers,
    // the timer thread (timers fire on the pool) and System.Net.Sockets' event thread (its completions go to the pool).
    private static readonly string[] PoolThreads = [".NET TP", ".NET Timer", ".NET Sockets"];

    private static readonly (long Threads, long Completed, long Pending) Unstarted = (0, 0, 0);

    // Every built-in command, with arguments that make it do its work and end soon.
    private static readonly Dictionary<string, string[]> Commands = new(StringComparer.Ordinal)
    {
        [BuiltInCommands.Help] = [],
        [BuiltInCommands.Version] = [],
        [BuiltInCommands.Fds] = [],
        [BuiltInCommands.FdExport] = ["1"],
        [BuiltInCommands.Heap] = [],
        [BuiltInCommands.Gc] = ["--compact"],
        [BuiltInCommands.HeapDump] = ["-o", "dump", "--type", "mini"],
        [BuiltInCommands.Trace] = ["-o", "trace.nettrace", "--duration", "1s"],
        [BuiltInCommands.Counters] = ["--interval", "200ms", "--count", "2"],
        [BuiltInCommands.ThreadPool] = [],
        [BuiltInCommands.Env] = [],
        [BuiltInCommands.Assemblies] = [],
        [BuiltInCommands.LogLevel] = [],
        [BuiltInCommands.Threads] = [],
    };

    [Fact]
    public void EveryBuiltInCommandIsRunHere()
        => Assert.Equal(BuiltInCommands.All.Order(StringComparer.Ordinal), Commands.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public async Task NoCommandStartsTheThreadPoolOfATargetThatNeverStartedIt()
    {
        using var target = await TargetApp.StartAsync("pool-unused");
        using var here = ScratchDirectory.Create();
        Assert.Equal(Unstarted, await PoolAsync(target, "before"));
        Assert.Empty(PoolThreadsOf(target));

        // The app's own command, then the built-in ones twice: a second run of each takes the paths of a warm agent.
        var runs = new List<(string Command, string[] Arguments)> { ("hello", []) };
        runs.AddRange(Commands.Select(command => (command.Key, command.Value)));
        runs.AddRange(Commands.Select(command => (command.Key, command.Value)));
        var failures = new List<string>();
        foreach (var (run, (command, arguments)) in runs.Index())
        {
            var result = await Attach.RunInAsync(here.Path, target, [command, .. arguments]);
            Assert.True(result.ExitCode == 0, $"{command}: {result}\n{target.Log}");
            var pool = await PoolAsync(target, $"after-{run}-{command}");
            var threads = PoolThreadsOf(target);
            if (pool != Unstarted || threads.Count > 0)
            {
                failures.Add($"after {command}: pool {pool}, threads [{string.Join(", ", threads)}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task<(long Threads, long Completed, long Pending)> PoolAsync(TargetApp target, string label)
    {
        await target.SendAsync($"pool {label}");
        var facts = target.Facts($"pool {label}");
        return (long.Parse(facts["threads"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(facts["completed"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(facts["pending"], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static List<string> PoolThreadsOf(TargetApp target)
        => [.. target.ThreadNames().Where(name => PoolThreads.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))];
}
