using System.Text;
using AttachKit.Attacher;
using AttachKit.Attacher.Jvm;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli.Jvm;

/// <summary>Runs one command on a HotSpot JVM: streams the JVM's text to stdout (in a JSON document with --json), returns the exit code (errors are the caller's to report).</summary>
internal static class JvmRunner
{
    /// <exception cref="AttachException">The attach or the command failed.</exception>
    /// <exception cref="ArgumentException">Options or arguments that do not apply to a JVM.</exception>
    public static async Task<int> RunAsync(AttachInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Options.Signal != AttachClientOptions.ParseSignal(CommandLine.DefaultSignal))
        {
            throw new ArgumentException("--signal is for .NET targets; a JVM's attach listener is always started with SIGQUIT");
        }

        var request = JvmCommands.Request(invocation.Command, invocation.Arguments);
        await using var output = CliOutput.Open(invocation.Raw);
        var stdout = output.Text;
        if (request is null)
        {
            var help = JvmCommands.Help(invocation.Pid);
            await (invocation.Json
                ? JvmReplyJson.WriteAsync(stdout, invocation.Pid, invocation.Command, request, help, cancellationToken)
                : stdout.WriteAsync(Encoding.UTF8.GetBytes(help), cancellationToken).AsTask());
            return ExitCodes.Success;
        }

        try
        {
            using var reply = await new HotSpotClient(invocation.Options).SendAsync(invocation.Pid, request, cancellationToken);
            if (invocation.Command == BuiltInCommands.Deadlocks)
            {
                var (found, count) = JvmDeadlocks.Extract(await reply.ReadToEndAsync(cancellationToken));
                await (invocation.Json
                    ? JvmReplyJson.WriteAsync(stdout, invocation.Pid, invocation.Command, request, found, cancellationToken)
                    : stdout.WriteAsync(Encoding.UTF8.GetBytes(found), cancellationToken).AsTask());
                return count > 0 ? ExitCodes.DeadlockFound : ExitCodes.Success;
            }

            if (invocation.Json)
            {
                // The whole text first: a failure part-way must leave no half document on stdout.
                var text = await reply.ReadToEndAsync(cancellationToken);
                await JvmReplyJson.WriteAsync(stdout, invocation.Pid, invocation.Command, request, text, cancellationToken);
            }
            else
            {
                await reply.CopyToAsync(stdout, cancellationToken);
            }

            return ExitCodes.Success;
        }
        catch (JvmCommandFailedException e) when (!JvmCommands.ListenerCommands.Contains(request.Command))
        {
            throw new JvmCommandFailedException(e.Status, $"{e.Message}; a diagnostic command goes through jcmd ('attachkit {invocation.Pid} jcmd {request}'), and 'help' lists the rest");
        }
    }
}
