using System.Globalization;
using AttachKit.Agent;
using AttachKit.Protocol;
using Serilog.Core;
using Serilog.Events;

namespace AttachKit.TestTarget;

/// <summary>
/// The agent in a process that never starts the thread pool: nothing here queues a work item, sets a
/// timer or does asynchronous I/O (standard input and output are read and written synchronously). An app
/// command <c>hello</c> and a level switch <c>app</c>, so that the app's side of the agent is there too.
/// <c>pool &lt;label&gt;</c> on standard input prints what the pool says of itself, from inside:
/// <c>pool &lt;label&gt; threads=… completed=… pending=…</c>.
/// </summary>
internal static class PoolScenarios
{
    public static void Unused(string[] args)
    {
        AttachAgent.Install(options => options
            .AddLevelSwitch("app", new LoggingLevelSwitch(LogEventLevel.Information))
            .AddCommand("hello", "says hello", (_, output, _) =>
            {
                output.Write("hello\n");
                return ReplyStatus.Ok;
            }));
        StdinCommands.Register("pool", words => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"pool {string.Join('-', words)} threads={ThreadPool.ThreadCount} completed={ThreadPool.CompletedWorkItemCount} pending={ThreadPool.PendingWorkItemCount}")));
    }
}
