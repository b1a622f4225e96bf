namespace AttachKit.Protocol;

/// <summary>A descriptor to be sent was not open when the message carrying it was sent (EBADF).</summary>
internal sealed class ClosedDescriptorException(string message) : IOException(message);
