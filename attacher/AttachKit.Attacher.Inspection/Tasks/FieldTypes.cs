using System.Runtime.CompilerServices;
using Microsoft.Diagnostics.Runtime;
using DacFieldInfo = Microsoft.Diagnostics.Runtime.AbstractDac.FieldInfo;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// The type of a struct field, fast. ClrMD's <see cref="ClrField.Type"/> resolves a field of a generic
/// instantiation (a box's <c>StateMachine</c>, a <c>TaskAwaiter&lt;T&gt;</c>) from its signature, looking the
/// type arguments up by name across whole modules: tens of milliseconds per field, seconds for an ASP.NET Core
/// app, all of it while the target is paused. The runtime's own field data already holds the field type's method
/// table, which ClrMD keeps internal (<c>ClrField.FieldInfo</c>): read through an UnsafeAccessor (no reflection,
/// so NativeAOT keeps it), for the ClrMD version Directory.Packages.props pins. When that member is missing or
/// empty, ClrMD's public way is used, slow but the same answer.
/// </summary>
internal static class FieldTypes
{
    private static bool s_internalsMissing;

    public static ClrType? Of(ClrHeap heap, ClrField field)
    {
        if (!s_internalsMissing)
        {
            try
            {
                if (FieldInfo(field).MethodTable is not 0 and var methodTable && heap.GetTypeByMethodTable(methodTable) is { } type)
                {
                    return type;
                }
            }
            catch (MissingMethodException)
            {
                s_internalsMissing = true;
            }
        }

        return field.Type;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_FieldInfo")]
    private static extern DacFieldInfo FieldInfo(ClrField field);
}
