using AttachKit.Agent.Listening;
using AttachKit.Protocol;
using Serilog;

namespace AttachKit.Agent.Commands;

/// <summary>
/// Looks a command up and runs it on a dedicated thread under the command deadline. A command past
/// its deadline is cancelled and abandoned: its client gets a timed-out status at once.
/// </summary>
internal static class CommandRunner
{
    public static ReplyStatus Run(AttachRequest request, ReplyWriter reply, CommandTable commands, AttachAgentOptions options, ConnectionSlots.Slot slot, ILogger log)
    {
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

        using var cancellation = new CancellationTokenSource();
        var context = new CommandContext(request, reply.Body, cancellation.Token, commands, options, log);
        ReplyStatus? outcome = null;
        slot.AddHolder();
        var thread = new Thread(() =>
        {
            try
            {
                outcome = Execute(command, context, log);
            }
            finally
            {
                slot.Release();
            }
        })
        {
            IsBackground = true,
            Name = "attach-command",
        };
        thread.Start();
        if (thread.Join(options.CommandTimeout))
        {
            return outcome ?? new ReplyStatus(StatusCode.InternalError, "the command ended without a status");
        }

        cancellation.Cancel();
        log.Warning("AttachKit command {Command} passed its {Timeout} deadline and was abandoned", command.Name, options.CommandTimeout);
        return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' did not finish within {options.CommandTimeout.TotalSeconds:0.#} s");
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
        catch (Exception) when (context.Cancellation.IsCancellationRequested)
        {
            // Past the deadline the client has its answer and the reply has ended: whatever the
            // abandoned command throws now (cancellation, a write to the ended reply) is no failure to report.
            return new ReplyStatus(StatusCode.TimedOut, $"command '{command.Name}' was cancelled at its deadline");
        }
        catch (Exception e)
        {
            log.Warning(e, "AttachKit command {Command} failed", command.Name);
            return new ReplyStatus(StatusCode.CommandFailed, $"command '{command.Name}' failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
