using AttachKit.Protocol;

namespace AttachKit.Attacher.Tests;

/// <summary>Every status an agent can answer with, through the library's one map from status to exception.</summary>
public class AttachErrorsTests
{
    private const int Pid = 4242;
    private const string Said = "what the agent said";

    /// <summary>Every <see cref="StatusCode"/>, each listed with the exception it becomes.</summary>
    public static TheoryData<StatusCode, Type> Statuses { get; } = new()
    {
        // Callers raise no exception for OK; were one asked for, it would be a failed command.
        { StatusCode.Ok, typeof(CommandFailedException) },
        { StatusCode.BadRequest, typeof(CommandFailedException) },
        { StatusCode.UnsupportedVersion, typeof(CommandFailedException) },
        { StatusCode.UnknownCommand, typeof(CommandFailedException) },
        { StatusCode.CommandDisabled, typeof(CommandFailedException) },
        { StatusCode.PermissionDenied, typeof(AttachPermissionException) },
        { StatusCode.InvalidArguments, typeof(CommandFailedException) },
        { StatusCode.CommandFailed, typeof(CommandFailedException) },
        { StatusCode.TimedOut, typeof(AttachTimeoutException) },
        { StatusCode.Busy, typeof(CommandFailedException) },
        { StatusCode.InternalError, typeof(CommandFailedException) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void EachStatusBecomesItsExceptionAndKeepsTheAgentsStatus(StatusCode code, Type expected)
    {
        var status = new ReplyStatus(code, Said);

        var failure = AttachErrors.FromStatus(status, Pid);

        Assert.IsType(expected, failure);
        Assert.Equal(status, failure.AgentStatus);
        Assert.Equal(code == StatusCode.PermissionDenied ? $"process {Pid} refused: {Said}" : $"process {Pid}: {Said}", failure.Message);
        if (failure is CommandFailedException failed)
        {
            Assert.Equal(status, failed.Status);
        }
    }

    [Fact]
    public void EveryStatusCodeIsListed()
        => Assert.Equal(Enum.GetValues<StatusCode>(), Statuses.Select(row => (StatusCode)row[0]));
}
