using AttachKit.Agent.Listening;
using AttachKit.Agent.Threading;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>
/// Looks a command up and runs it on one of the agent's command threads under the command deadline. A command past
/// its deadline is cancelled and abandoned: its client gets a timed-out status at once.
/// </summary>
internal static class CommandRunner
{
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

        var cancellation = new CancellationTokenSource();
        var context = new CommandContext(request, reply, cancellation.Token, scope, connection);
        var done = new ManualResetEventSlim();
        ReplyStatus? outcome = null;
        slot.AddHolder();
        var started = workers.TryRun(() =>
        {
            try
            {
                outcome = Execute(command, context, log);
            }
            finally
            {
                // Disposed here, not by the caller: an abandoned command may still be using them.
                done.Set();
                cancellation.Dispose();
                slot.Release();
            }
        });
        if (!started)
        {
            slot.Release();
            return new ReplyStatus(StatusCode.Busy, "every command thread of the agent is busy; try again");
        }

        if (done.Wait(options.CommandTimeout))
        {
            return outcome ?? new ReplyStatus(StatusCode.InternalError, "the command ended without a status");
        }

        TryCancel(cancellation);
        log.Warning("AttachKit command {Command} passed its {Timeout} deadline and was abandoned", command.Name, options.CommandTimeout);
        return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' did not finish within {options.CommandTimeout.TotalSeconds:0.#} s");
    }

    private static void TryCancel(CancellationTokenSource cancellation)
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command finished just after its deadline.
        }
    }

    private static ReplyStatus Execute(IAttachCommand command, CommandContext context, ILogger log)
    {
        try
        {
            return command.Execute(context);
        }
        catch (CommandException e)
        {
            return e.Status;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' was cancelled at its deadline");
        }
        catch (Exception e)
        {
            log.Warning(e, "AttachKit command {Command} failed", command.Name);
            return new ReplyStatus(StatusCode.CommandFailed, $"command '{command.Name}' failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
