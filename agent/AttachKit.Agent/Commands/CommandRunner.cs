using AttachKit.Agent.Threading;
using AttachKit.Linux.Processes;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>
/// Looks a command up and runs it on one of the agent's command threads under its deadline (the
/// command's <see cref="IAttachCommand.Budget"/>, which it may extend while it streams). A command
/// past its deadline is cancelled and abandoned: its client gets a timed-out status at once.
/// </summary>
internal static class CommandRunner
{
    // ManualResetEventSlim.Wait takes at most int.MaxValue milliseconds; a day is plenty between two looks.
    private static readonly TimeSpan MaxSlice = TimeSpan.FromDays(1);

    public static ReplyStatus Run(AttachRequest request, ReplyWriter reply, CommandScope scope, int connection, ConnectionSlots.Slot slot, DedicatedWorkers workers)
    {
        var (commands, options, _, log) = scope;
        var command = commands.Find(request.Command)
            ?? throw new RequestRejectedException(new ReplyStatus(
                StatusCode.UnknownCommand,
                $"unknown command '{request.Command}'; available: {string.Join(", ", commands.Names)}"));
        if (options.DisabledCommands.Contains(command.Name))
        {
            throw new RequestRejectedException(new ReplyStatus(
                StatusCode.CommandDisabled,
                $"command '{command.Name}' is disabled in process {Environment.ProcessId}"));
        }

        var budget = command.Budget(request.Arguments, options.CommandTimeout);
        var deadline = new CommandDeadline(budget);
        var context = new CommandContext(request, reply, deadline, scope, connection) { ConnectionThreadId = LinuxThreads.CurrentId() };

        // Not disposed: an abandoned command's thread may still set it after this returns.
        var done = new ManualResetEventSlim();
        ReplyStatus? outcome = null;
        slot.AddHolder();
        var started = workers.TryRun(() =>
        {
            try
            {
                outcome = Execute(command, context, reply, log);
            }
            finally
            {
                done.Set();
                slot.Release();
            }
        });
        if (!started)
        {
            slot.Release();
            return new ReplyStatus(StatusCode.Busy, "every command thread of the agent is busy; try again");
        }

        // The deadline may move out while the command streams, so wait in slices until it has truly passed.
        while (!done.Wait(WaitSlice(deadline.Remaining)))
        {
            if (deadline.Remaining <= TimeSpan.Zero)
            {
                deadline.Cancel();
                log.Warning("AttachKit command {Command} passed its {Budget} deadline and was abandoned", command.Name, budget);
                return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' did not finish within {deadline.Allowed.TotalSeconds:0.#} s");
            }
        }

        return outcome ?? new ReplyStatus(StatusCode.InternalError, "the command ended without a status");
    }

    private static TimeSpan WaitSlice(TimeSpan remaining)
        => remaining <= TimeSpan.Zero ? TimeSpan.Zero
            : remaining < MaxSlice ? TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds))
            : MaxSlice;

    private static ReplyStatus Execute(IAttachCommand command, CommandContext context, ReplyWriter reply, ILogger log)
    {
        try
        {
            return command.Execute(context);
        }
        catch (CommandException e)
        {
            return e.Status;
        }
        catch (Exception) when (context.Cancellation.IsCancellationRequested)
        {
            // Past the deadline the client has its answer and the reply has ended: whatever the
            // abandoned command throws now (cancellation, a write to the ended reply) is no failure to report.
            return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' was cancelled at its deadline");
        }
        catch (IOException e) when (reply.HasFailed)
        {
            // The client went away mid-reply (Ctrl-C on a streaming command): not the command's fault; the audit line says it.
            return new ReplyStatus(StatusCode.CommandFailed, $"the client stopped reading the reply of '{command.Name}': {e.Message}");
        }
        catch (Exception e)
        {
            log.Warning(e, "AttachKit command {Command} failed", command.Name);
            return new ReplyStatus(StatusCode.CommandFailed, $"command '{command.Name}' failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
