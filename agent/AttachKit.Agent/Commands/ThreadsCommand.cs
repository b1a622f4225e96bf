using AttachKit.Agent.Commands.DiagnosticPort;
using AttachKit.Agent.EventPipe;
using AttachKit.Agent.ThreadDumps;
using AttachKit.Linux.Memory;
using AttachKit.Linux.Processes;
using AttachKit.Protocol;
using AttachKit.Protocol.Threads;

namespace AttachKit.Agent.Commands;

/// <summary>
/// <c>threads</c>: every thread of the process, with the raw material for its managed stack. The agent
/// captures and the attacher parses (docs/INTERNALS.md, "Thread dumps"): the body is a binary
/// <see cref="ThreadsBody"/> (a table of /proc/self/task, then the EventPipe capture) that
/// <c>attachkit</c> renders as text or JSON.
/// </summary>
internal sealed class ThreadsCommand : IAttachCommand
{
    // The sample profiler makes its first pass over every thread right after the session starts: this
    // wait is for that pass, as dotnet-stack's is. Its samples of later passes are ignored by the parser.
    private static readonly TimeSpan SampleWait = TimeSpan.FromMilliseconds(10);

    // How long a second dump waits for the first one's session to end; sessions last well under 1 s.
    private static readonly TimeSpan CaptureWait = TimeSpan.FromSeconds(10);

    // How long the session may go without a byte before the dump gives up (a runtime that never closes its stream).
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(15);

    // One session at a time, and captured bytes bounded over all dumps, with room for the capture of a
    // process that has compiled a great deal of code (its rundown names every method).
    private readonly SemaphoreSlim _oneCapture = new(1, 1);
    private readonly ByteBudget _budget = new(64L * 1024 * 1024);

    public string Name => BuiltInCommands.Threads;

    public string Summary => "every thread's name, state, CPU time and managed stack, like jstack; --group puts identical stacks together, --top N shows the N busiest over --interval (1s)";

    public ReplyStatus Execute(CommandContext context)
    {
        var (interval, knownEpoch) = ThreadsArguments.Parse(context.Arguments);
        if (context.Format == ReplyFormat.Json)
        {
            throw new CommandException(StatusCode.InvalidArguments, "'threads' answers with a binary capture (docs/PROTOCOL.md); attachkit renders it as text or JSON: attachkit <pid> threads --json");
        }

        DiagnosticPortErrors.ThrowIfDisabled(Name);
        var serving = new HashSet<int> { context.ConnectionThreadId, LinuxThreads.CurrentId() };
        var body = new ThreadsBodyWriter(context.Output);
        body.WriteMagic();
        if (interval is { } wait)
        {
            body.WriteTasks(ProcTasks.Read(serving));
            if (context.Cancellation.WaitHandle.WaitOne(wait))
            {
                context.Cancellation.ThrowIfCancellationRequested();
            }
        }

        if (!_oneCapture.Wait(CaptureWait, context.Cancellation))
        {
            throw new CommandException(StatusCode.Busy, $"another thread dump of process {Environment.ProcessId} is still capturing; try again");
        }

        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                _oneCapture.Release();
            }
        }

        try
        {
            // The table is read just before the session starts: threads the session itself creates are not in it.
            var epoch = CodeEpoch.Current();
            var rundown = epoch != knownEpoch;
            var table = ProcTasks.Read(serving);
            using (var capture = Start(rundown, Release, context))
            {
                body.WriteInfo(DumpInfo.Facts(interval, epoch, rundown));
                body.WriteTasks(table);
                body.BeginTrace();
                capture.StopAfter(SampleWait);
                Send(capture, context);
            }

            return ReplyStatus.Ok;
        }
        catch
        {
            Release();
            throw;
        }
        finally
        {
            // The session's buffers (megabytes) are freed by now; without this they stay in the host's RSS.
            FreedMemory.ReturnToKernel();
        }
    }

    private TraceCapture Start(bool rundown, Action ended, CommandContext context)
    {
        try
        {
            return TraceCapture.Start(rundown, _budget, ended, context.Log, context.Cancellation);
        }
        catch (Exception e) when (DiagnosticPortErrors.Explain(Name, e) is CommandException explained)
        {
            throw explained;
        }
    }

    // A client that stops reading holds up nobody but itself: the copying thread keeps draining the
    // runtime into the queue (bounded by the budget), the session stops on time, and this thread's
    // write fails at the connection's send timeout, which ends the dump and frees the queue.
    private static void Send(TraceCapture capture, CommandContext context)
    {
        while (capture.Chunks.Take(SilenceLimit, context.Cancellation) is { } chunk)
        {
            try
            {
                if (capture.Overflowed)
                {
                    break;
                }

                context.Output.Write(chunk.Bytes);
            }
            finally
            {
                capture.Chunks.Release(chunk.Memory);
            }
        }

        if (capture.Overflowed)
        {
            throw new CommandException(StatusCode.CommandFailed, "the capture outgrew the agent's 64 MB buffer before the client read it; try again");
        }
    }
}
