using AttachKit.Attacher;
using AttachKit.Cli.ClientCommands;
using AttachKit.Cli.Inspection;
using AttachKit.Cli.Jvm;
using AttachKit.Cli.NativeAot;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli;

/// <summary>What the command line asked for.</summary>
internal sealed record AttachInvocation(int Pid, string Command, IReadOnlyList<string> Arguments, bool Json, AttachClientOptions Options, bool Raw = false);

/// <summary>Runs one attach: writes the body to stdout, reports a failure (<see cref="FailureReport"/>), returns the exit code.</summary>
internal static class AttachRunner
{
    public static async Task<int> RunAsync(AttachInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            // threads --locks, deadlocks and tasks read a .NET process from outside; a JVM answers threads --locks itself.
            if (InspectionCommand.IsReadFromOutside(invocation.Command, invocation.Arguments) && Kind(invocation.Pid) is not (TargetKind.HotSpot or TargetKind.OpenJ9))
            {
                // The native binary's lean image has no ClrMD: its full image runs the command instead (same pid).
                TraceEventImage.RunCommandHere();
                var inspection = TraceEventImage.InProcess ? InspectionCommand.For(invocation.Command, invocation.Arguments)! : throw TraceEventImage.Unreachable();
                return await InspectionRunner.RunAsync(invocation, inspection, cancellationToken);
            }

            invocation.Options.ReplyTimeout += AnnouncedSilence(invocation.Arguments);
            var client = new AttachClient(invocation.Options);
            var clientSide = ClientCommandTable.Create(invocation.Command);
            var plain = new ClientRequest(invocation.Arguments, invocation.Json ? ReplyFormat.Json : ReplyFormat.Text);

            // A plain command goes straight to an agent that listens already: what the process is (a JVM
            // or not) matters only where nothing listens yet, and finding it out reads /proc.
            var listening = clientSide is null ? await client.SendIfListeningAsync(invocation.Pid, Request(invocation, plain), plain.ReceiveDescriptors, cancellationToken) : null;
            if (listening is null && Kind(invocation.Pid) is TargetKind.HotSpot or TargetKind.OpenJ9)
            {
                return await JvmRunner.RunAsync(invocation, cancellationToken);
            }

            if (invocation.Options is { Inject: true, Force: false })
            {
                if (listening is null)
                {
                    InjectionStep.Run(invocation.Pid, invocation.Options);
                }
                else
                {
                    InjectionStep.NoteListening(invocation.Pid);
                }
            }

            var request = clientSide?.Prepare(invocation) ?? plain;
            using var reply = listening ?? await client.SendAsync(invocation.Pid, Request(invocation, request), request.ReceiveDescriptors, cancellationToken);
            await using var output = CliOutput.Open(invocation.Raw);
            if (clientSide is not null)
            {
                return await clientSide.HandleAsync(reply, output, cancellationToken);
            }

            await BodyOutput.CopyAsync(reply, output.Text, invocation.Json, cancellationToken);
            return ExitCodes.Success;
        }
        catch (Exception e) when (ExitCodes.For(e) is { } exitCode)
        {
            return await FailureReport.WriteAsync(invocation.Json, exitCode, e.Message, (e as AttachException)?.AgentStatus);
        }
    }

    // A command whose arguments say it will be quiet for a while (counters between rows, a trace, CPU
    // sampled over an interval) is given that much longer before its silence counts against it.
    private static TimeSpan AnnouncedSilence(IReadOnlyList<string> arguments)
    {
        var longest = TimeSpan.Zero;
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] is "--interval" or "--duration" && DurationText.TryParse(arguments[i + 1], out var announced) && announced > longest)
            {
                longest = announced;
            }
        }

        return longest;
    }

    private static AttachRequest Request(AttachInvocation invocation, ClientRequest request)
        => new(invocation.Command, request.Arguments, request.Format);

    // What the pid is decides the path. Maps this user may not read leave it to the .NET path, which
    // tries the agent's socket before anything needs the maps.
    private static TargetKind Kind(int pid)
    {
        try
        {
            return TargetDetection.Detect(pid);
        }
        catch (AttachPermissionException)
        {
            return TargetKind.Unknown;
        }
    }
}
