namespace AttachKit.Protocol;

/// <summary>A request that the agent refuses; <see cref="Status"/> is what the client is told.</summary>
internal sealed class RequestRejectedException(ReplyStatus status) : Exception(status.Message)
{
    /// <summary>The status to reply with.</summary>
    public ReplyStatus Status { get; } = status;
}
