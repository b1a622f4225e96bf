using AttachKit.Attacher.Inspection;
using AttachKit.Attacher.Threads;
using AttachKit.Cli;
using AttachKit.Protocol;

namespace AttachKit.Attacher.Tests;

/// <summary>Every kind of failure attachkit reports, through the CLI's one map from exception to exit code.</summary>
public class ExitCodeMappingTests
{
    private static readonly Exception Inner = new IOException("underneath");

    /// <summary>Every exception type the libraries raise, and the CLI's own, each listed with its exit code.</summary>
    public static TheoryData<Exception, int?> Failures { get; } = new()
    {
        { new TargetNotFoundException("no process 4242"), ExitCodes.NoSuchProcess },
        { new AgentNotFoundException("process 4242 has no agent"), ExitCodes.NoAgent },
        { new InjectionRefusedException("the app forbids it"), ExitCodes.NoAgent },
        { new AttachTimeoutException("no socket appeared"), ExitCodes.TimedOut },
        { new AttachPermissionException("refused"), ExitCodes.PermissionDenied },
        { new CommandFailedException(new ReplyStatus(StatusCode.UnknownCommand, "unknown command"), "process 4242: unknown command"), ExitCodes.CommandFailed },
        { new JvmCommandFailedException(-1, "Unknown diagnostic command"), ExitCodes.CommandFailed },
        { new BrokenReplyException("cut off", Inner), ExitCodes.BrokenReply },
        { new ThreadDumpParseException("could not parse", null, Inner), ExitCodes.BrokenReply },
        { new InspectionRefusedException("process 4242 maps no libcoreclr.so"), ExitCodes.CommandFailed },
        { new ClientFailureException(ExitCodes.Usage, "cannot write the file"), ExitCodes.Usage },
        { new ClientFailureException(ExitCodes.CommandFailed, "the command could not start"), ExitCodes.CommandFailed },
        { new ArgumentException("bad option"), ExitCodes.Usage },
        { new ArgumentOutOfRangeException("count", "bad count"), ExitCodes.Usage },
        // Anything else is a bug in attachkit: not reported as a failure of the target.
        { new InvalidOperationException("a bug"), null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailureExitsWithItsCode(Exception failure, int? exitCode)
        => Assert.Equal(exitCode, ExitCodes.For(failure));

    // A new exception type in a library must be added above, and so to the map.
    [Fact]
    public void EveryExceptionTypeOfTheLibrariesIsListed()
    {
        var listed = Failures.Select(row => row[0].GetType()).ToHashSet();
        var raised = new[] { typeof(AttachException).Assembly, typeof(ThreadDumpParseException).Assembly }
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type.IsSubclassOf(typeof(AttachException)) && !type.IsAbstract);

        Assert.All(raised, type => Assert.Contains(type, listed));
    }

    [Fact]
    public void EveryExitCodeIsOneAFailureCanHave()
        => Assert.Equal(ExitCodes.All.Select(exit => exit.Code).Where(code => code is not (ExitCodes.Success or ExitCodes.DeadlockFound)), Failures.Select(row => (int?)row[1]).OfType<int>().Distinct().Order());
}
