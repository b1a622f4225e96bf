using System.Globalization;

namespace AttachKit.Attacher.Threads;

/// <summary>One managed frame of a stack.</summary>
/// <param name="Method">The method, <c>Namespace.Type.Method</c>; null when no method covers the address (a stub, or code the rundown did not name).</param>
/// <param name="Address">The code address in the target.</param>
public sealed record StackFrame(string? Method, ulong Address)
{
    /// <summary>For a frame no method covers, the file its code is in (e.g. <c>System.Net.Sockets.dll</c>), when a file holds it.</summary>
    public string? File { get; init; }

    /// <summary>The method; else <c>&lt;unknown 0x… in File&gt;</c>, or <c>&lt;unknown 0x…&gt;</c> where no file holds the code.</summary>
    public override string ToString() => Method
        ?? (File is null
            ? string.Create(CultureInfo.InvariantCulture, $"<unknown 0x{Address:x}>")
            : string.Create(CultureInfo.InvariantCulture, $"<unknown 0x{Address:x} in {File}>"));
}
