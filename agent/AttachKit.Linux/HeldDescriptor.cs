using System.Runtime.InteropServices;

namespace AttachKit.Linux;

/// <summary>
/// A handle's descriptor number, kept valid for the length of one call: the handle cannot be closed (and its
/// number reused by another open) while a native call uses it. <c>using var held = new HeldDescriptor(handle);</c>
/// </summary>
internal ref struct HeldDescriptor
{
    private readonly SafeHandle _handle;
    private bool _added;

    /// <exception cref="ObjectDisposedException">The handle is closed.</exception>
    public HeldDescriptor(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Number = (int)handle.DangerousGetHandle();
    }

    /// <summary>The descriptor's number.</summary>
    public int Number { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
