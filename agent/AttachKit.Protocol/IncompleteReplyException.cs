namespace AttachKit.Protocol;

/// <summary>The connection ended before the reply's final status arrived.</summary>
public sealed class IncompleteReplyException(string message) : Exception(message);
