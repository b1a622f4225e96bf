using System.Globalization;

namespace AttachKit.Attacher.Threads;

/// <summary>One managed frame of a stack.</summary>
/// <param name="Method">The method, <c>Namespace.Type.Method</c>; null when no method covers the address (a stub, or code the rundown did not name).</param>
/// <param name="Address">The code address in the target.</param>
public sealed record StackFrame(string? Method, ulong Address)
{
    /// <summary>The method, or <c>&lt;unknown 0x…&gt;</c>.</summary>
    public override string ToString() => Method ?? string.Create(CultureInfo.InvariantCulture, $"<unknown 0x{Address:x}>");
}
