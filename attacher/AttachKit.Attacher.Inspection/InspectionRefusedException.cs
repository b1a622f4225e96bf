namespace AttachKit.Attacher.Inspection;

/// <summary>The target cannot be read safely or correctly from outside: the message says why and what to do.</summary>
internal sealed class InspectionRefusedException(string message) : Exception(message);
