using System.Globalization;
using AttachKit.Protocol;
using AttachKit.Protocol.Threads;

namespace AttachKit.Attacher.Threads;

/// <summary>Joins the agent's thread table with the parsed stacks: one entry per thread /proc listed.</summary>
internal static class ThreadDumpBuilder
{
    public static ThreadDump Build(ThreadsBodyHeaders headers, IReadOnlyDictionary<int, IReadOnlyList<StackFrame>> stacks)
    {
        if (headers.Tables.Count == 0)
        {
            throw new ProtocolException("the threads body has no thread table");
        }

        var table = headers.Tables[^1];
        var start = headers.Tables.Count > 1 ? headers.Tables[0] : null;
        var elapsed = start is null ? TimeSpan.Zero : table.Timestamp - start.Timestamp;
        var before = start?.Tasks.ToDictionary(task => task.Tid) ?? [];
        var threads = new List<DumpedThread>();
        foreach (var task in table.Tasks.Where(task => !task.ServesDump))
        {
            var sampled = stacks.TryGetValue(task.Tid, out var frames);
            double? cpuPercent = null;
            if (start is not null && elapsed > TimeSpan.Zero)
            {
                var used = task.Cpu - (before.TryGetValue(task.Tid, out var earlier) ? earlier.Cpu : TimeSpan.Zero);
                cpuPercent = Math.Round(100 * used / elapsed, 1);
            }

            threads.Add(new DumpedThread
            {
                Tid = task.Tid,
                Name = task.Name,
                State = task.State,
                UserCpu = task.UserCpu,
                SystemCpu = task.SystemCpu,
                CpuPercent = cpuPercent,
                Frames = frames ?? [],
                IsManaged = sampled,
            });
        }

        return new ThreadDump
        {
            Pid = int.Parse(Fact(headers, InfoKeys.Pid), NumberStyles.None, CultureInfo.InvariantCulture),
            Time = DateTimeOffset.Parse(Fact(headers, InfoKeys.Time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Runtime = Fact(headers, InfoKeys.Runtime),
            App = headers.Info.GetValueOrDefault(InfoKeys.App),
            Interval = start is null ? null : elapsed,
            Threads = threads,
            LeftOut = table.Tasks.Count(task => task.ServesDump),
        };
    }

    private static string Fact(ThreadsBodyHeaders headers, string key)
        => headers.Info.TryGetValue(key, out var value) ? value : throw new ProtocolException($"the threads body does not say its '{key}'");
}
