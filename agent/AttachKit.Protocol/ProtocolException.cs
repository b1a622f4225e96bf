namespace AttachKit.Protocol;

/// <summary>Bytes on the wire that break the AttachKit protocol.</summary>
public sealed class ProtocolException(string message) : Exception(message);
