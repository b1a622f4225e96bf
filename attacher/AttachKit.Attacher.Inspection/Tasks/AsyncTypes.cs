using Microsoft.Diagnostics.Runtime;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>What a type is to the inspection, decided once per method table.</summary>
internal enum TypeRole : byte
{
    /// <summary>Nothing the walk keeps.</summary>
    None,

    /// <summary>Derives from System.Threading.Tasks.Task.</summary>
    Task,

    /// <summary>An async method's state machine in its box, a Task (AsyncTaskMethodBuilder's AsyncStateMachineBox).</summary>
    StateMachineBox,

    /// <summary>An async ValueTask method's pooled box (PoolingAsyncValueTaskMethodBuilder), an IValueTaskSource, no Task.</summary>
    PooledStateMachineBox,
}

/// <summary>
/// The types the inspection reads and where their fields are, from the target's own type information (ClrMD),
/// so that nothing depends on one runtime version's layout. The field names are CoreLib's (docs/INTERNALS.md,
/// "Pending async work"). Types are looked at once per method table, by their base types: a type's own name is
/// asked for (a call into the target's runtime library each) only when it derives from Task.
/// </summary>
internal sealed class AsyncTypes
{
    private const string TaskName = "System.Threading.Tasks.Task";
    private const string PooledBoxPrefix = "System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<";

    private readonly ClrHeap _heap;
    private readonly Dictionary<ulong, TypeFacts?> _byMethodTable = [];
    private readonly Dictionary<ulong, Lineage> _lineages = [];
    private readonly ulong _coreLib;

    private AsyncTypes(ClrRuntime runtime)
    {
        Runtime = runtime;
        _heap = runtime.Heap;
        PointerSize = (uint)runtime.DataTarget!.DataReader.PointerSize;
        _coreLib = runtime.BaseClassLibrary.Address;
    }

    private enum Lineage : byte
    {
        Other,
        Task,
        PooledBox,
    }

    public ClrRuntime Runtime { get; }

    public uint PointerSize { get; }

    /// <summary>Whether a Task type has been seen (until then no object is a task, and the offsets below are 0).</summary>
    public bool KnowsTask { get; private set; }

    /// <summary>Task.m_stateFlags, from the object's address.</summary>
    public uint StateFlags { get; private set; }

    /// <summary>Task.m_continuationObject, from the object's address.</summary>
    public uint ContinuationObject { get; private set; }

    /// <summary>Task.m_action, from the object's address.</summary>
    public uint Action { get; private set; }

    /// <summary>The bytes of a task needed to read its state and continuation, from its address.</summary>
    public uint TaskFieldsEnd => Math.Max(StateFlags + 4, ContinuationObject + PointerSize);

    public static AsyncTypes Of(ClrRuntime runtime) => new(runtime);

    /// <summary>The facts about the type with this method table; null if the target does not know it.</summary>
    public TypeFacts? ForMethodTable(ulong methodTable)
    {
        if (!_byMethodTable.TryGetValue(methodTable, out var facts))
        {
            facts = _heap.GetTypeByMethodTable(methodTable) is { } type ? new TypeFacts(this, type, RoleOf(type)) : null;
            _byMethodTable[methodTable] = facts;
        }

        return facts;
    }

    private TypeRole RoleOf(ClrType type)
    {
        // Not IsValueType: ClrMD works that out from metadata, slowly; a boxed value's lineage is Other anyway.
        if (type.IsArray || type.IsString || type.IsFree)
        {
            return TypeRole.None;
        }

        var lineage = LineageOf(type);
        if (lineage == Lineage.Other)
        {
            return TypeRole.None;
        }

        var isBox = type.GetFieldByName("StateMachine") is not null;
        if (lineage == Lineage.PooledBox)
        {
            return isBox ? TypeRole.PooledStateMachineBox : TypeRole.None;
        }

        return isBox && type.Name?.Contains("StateMachineBox<", StringComparison.Ordinal) == true ? TypeRole.StateMachineBox : TypeRole.Task;
    }

    // Whether the type is Task or derives from it, or derives from a pooled box's base class
    // (PoolingAsyncValueTaskMethodBuilder<T>.StateMachineBox); remembered for every ancestor.
    private Lineage LineageOf(ClrType type)
    {
        if (_lineages.TryGetValue(type.MethodTable, out var known))
        {
            return known;
        }

        Lineage lineage;
        if (type.BaseType is not { } parent)
        {
            lineage = Lineage.Other;
        }
        else if ((lineage = LineageOf(parent)) == Lineage.Other)
        {
            lineage = LineageByName(type);
        }

        _lineages[type.MethodTable] = lineage;
        return lineage;
    }

    private Lineage LineageByName(ClrType type)
    {
        // Task and the pooled boxes' base class are CoreLib's: only CoreLib's types are asked their names.
        if (type.Module?.Address != _coreLib)
        {
            return Lineage.Other;
        }

        var name = type.Name;
        if (name == TaskName && type.BaseType?.BaseType is null)
        {
            SetTaskOffsets(type);
            return Lineage.Task;
        }

        return name?.StartsWith(PooledBoxPrefix, StringComparison.Ordinal) == true && name.EndsWith("+StateMachineBox", StringComparison.Ordinal)
            ? Lineage.PooledBox
            : Lineage.Other;
    }

    private void SetTaskOffsets(ClrType task)
    {
        StateFlags = FieldOffset(task, "m_stateFlags");
        ContinuationObject = FieldOffset(task, "m_continuationObject");
        Action = FieldOffset(task, "m_action");
        KnowsTask = true;
    }

    /// <summary>A field's offset from the address of an object of <paramref name="type"/> (past the method table pointer).</summary>
    public uint FieldOffset(ClrType type, string name)
        => type.GetFieldByName(name) is { } field
            ? PointerSize + (uint)field.Offset
            : throw new MissingFieldException(type.Name, name);
}

/// <summary>One type of the target: its size for the walk, its role, and (found lazily) the fields the inspection reads.</summary>
internal sealed class TypeFacts
{
    private readonly AsyncTypes _types;
    private readonly Dictionary<string, uint?> _offsets = new(StringComparer.Ordinal);
    private StateMachineLayout? _stateMachine;
    private string? _method;
    private string? _name;
    private (uint Offset, bool IsReference)? _stateMachineField;

    public TypeFacts(AsyncTypes types, ClrType type, TypeRole role)
    {
        _types = types;
        Type = type;
        Role = role;
        BaseSize = (uint)type.StaticSize;
        ComponentSize = (uint)type.ComponentSize;
        IsString = type.IsString;
    }

    public ClrType Type { get; }

    public TypeRole Role { get; }

    public string Name => _name ??= Type.Name ?? $"<unknown type {Type.MethodTable:x}>";

    public uint BaseSize { get; }

    public uint ComponentSize { get; }

    public bool IsString { get; }

    /// <summary>The async method a state machine box runs, readable (<see cref="StateMachineNames"/>).</summary>
    public string Method => _method ??= StateMachineNames.MethodOf(StateMachineLayout.NameFromBox(Name));

    /// <summary>Where a box's StateMachine field is, from its address, and whether it refers to a class (null: no such field).</summary>
    public (uint Offset, bool IsReference)? StateMachineField => _stateMachineField ??= Type.GetFieldByName("StateMachine") is { } machine
        ? (_types.PointerSize + (uint)machine.Offset, machine.IsObjectReference)
        : null;

    /// <summary>Where a box keeps its state machine, and the state machine its state and awaiters.</summary>
    public StateMachineLayout StateMachine => _stateMachine ??= StateMachineLayout.Of(_types, Type);

    /// <summary>Whether the type is, or derives from, the type named <paramref name="baseName"/>.</summary>
    public bool DerivesFrom(string baseName)
    {
        for (var type = Type; type is not null; type = type.BaseType)
        {
            if (type.Name == baseName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The offset from the object's address of a field, or of a field of a struct field (<c>"_valueTaskSource._continuation"</c>);
    /// null if the type has no such field.
    /// </summary>
    public uint? Offset(string path)
    {
        if (!_offsets.TryGetValue(path, out var offset))
        {
            offset = Find(path);
            _offsets[path] = offset;
        }

        return offset;
    }

    private uint? Find(string path)
    {
        var type = Type;
        var offset = _types.PointerSize;
        foreach (var name in path.Split('.'))
        {
            if (type?.GetFieldByName(name) is not { } field)
            {
                return null;
            }

            offset += (uint)field.Offset;
            type = field.IsValueType ? FieldTypes.Of(type.Heap, field) : null;
        }

        return offset;
    }
}

/// <summary>
/// Where a box keeps the compiler's state machine (a struct in the box in release builds, an object it refers to
/// in debug builds), and in it the state (<c>&lt;&gt;1__state</c>) and the awaiter fields (<c>&lt;&gt;u__N</c>).
/// </summary>
internal sealed class StateMachineLayout
{
    private StateMachineLayout(string typeName, uint fieldOffset, bool isReference, uint? stateOffset, IReadOnlyList<AwaiterSlot> awaiters)
    {
        TypeName = typeName;
        FieldOffset = fieldOffset;
        IsReference = isReference;
        StateOffset = stateOffset;
        Awaiters = awaiters;
    }

    /// <summary>The state machine's type, as ClrMD names it.</summary>
    public string TypeName { get; }

    /// <summary>The box's StateMachine field, from the box's address.</summary>
    public uint FieldOffset { get; }

    /// <summary>A class (debug builds): the field refers to it.</summary>
    public bool IsReference { get; }

    /// <summary><c>&lt;&gt;1__state</c>, from the start of the state machine's fields.</summary>
    public uint? StateOffset { get; }

    public IReadOnlyList<AwaiterSlot> Awaiters { get; }

    public static StateMachineLayout Of(AsyncTypes types, ClrType box)
    {
        var field = box.GetFieldByName("StateMachine")!;
        var fieldOffset = types.PointerSize + (uint)field.Offset;
        var type = field.IsObjectReference ? null : FieldTypes.Of(box.Heap, field);
        var typeName = NameFromBox(box.Name);
        if (type is null)
        {
            // A class: its fields are only known from the object itself (see Read).
            return new StateMachineLayout(typeName, fieldOffset, isReference: true, stateOffset: null, []);
        }

        var (state, awaiters) = Fields(type);
        return new StateMachineLayout(typeName, fieldOffset, isReference: false, state, awaiters);
    }

    /// <summary>The state machine's start of fields in a box at <paramref name="box"/>, its layout (for a class, from the object), or null.</summary>
    public (ulong Fields, uint? StateOffset, IReadOnlyList<AwaiterSlot> Awaiters)? Locate(AsyncTypes types, TargetMemory memory, ulong box)
    {
        if (!IsReference)
        {
            return (box + FieldOffset, StateOffset, Awaiters);
        }

        var machine = memory.ReadPointer(box + FieldOffset);
        if (machine == 0 || types.ForMethodTable(memory.ReadPointer(machine)) is not { } facts)
        {
            return null;
        }

        var (state, awaiters) = Fields(facts.Type);
        return (machine + types.PointerSize, state, awaiters);
    }

    private static (uint? State, IReadOnlyList<AwaiterSlot> Awaiters) Fields(ClrType type)
    {
        uint? state = null;
        var awaiters = new List<AwaiterSlot>();
        foreach (var field in type.Fields)
        {
            if (field.Name == "<>1__state")
            {
                state = (uint)field.Offset;
            }
            else if (field.Name?.StartsWith("<>u__", StringComparison.Ordinal) == true)
            {
                awaiters.Add(AwaiterSlot.Of(type.Heap, field));
            }
        }

        return (state, awaiters);
    }

    // "…AsyncStateMachineBox<Foo+<Bar>d__1>" → "Foo+<Bar>d__1"
    public static string NameFromBox(string? box)
    {
        const string Marker = "StateMachineBox<";
        var start = box?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return start < 0 ? box ?? "?" : box![(start + Marker.Length)..^1];
    }
}

/// <summary>
/// One awaiter field of a state machine: where in it the awaited object is referred to. TaskAwaiter and its
/// configured form hold the task (<c>m_task</c>), ValueTaskAwaiter the ValueTask, whose <c>_obj</c> is a task or
/// an IValueTaskSource; an awaiter that is a class is itself the awaited object.
/// </summary>
/// <param name="Offset">The field, from the start of the state machine's fields.</param>
/// <param name="ReferenceOffset">The awaited object's reference, from the start of the state machine's fields; null when the awaiter holds none (Task.Yield's).</param>
/// <param name="TypeName">The awaiter's type.</param>
internal sealed record AwaiterSlot(uint Offset, uint? ReferenceOffset, string TypeName)
{
    public static AwaiterSlot Of(ClrHeap heap, ClrInstanceField field)
    {
        var offset = (uint)field.Offset;
        if (field.IsObjectReference)
        {
            return new AwaiterSlot(offset, offset, field.Type?.Name ?? "?");
        }

        // The first reference inside the struct, looking into its struct fields (ValueTaskAwaiter → ValueTask → _obj).
        // Without its layout, the reference first: the runtime puts references first in auto layout.
        var type = FieldTypes.Of(heap, field);
        var inner = type is null ? 0u : FirstReference(heap, type, 0);
        return new AwaiterSlot(offset, inner is { } at ? offset + at : null, type?.Name ?? "?");
    }

    private static uint? FirstReference(ClrHeap heap, ClrType type, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        foreach (var field in type.Fields.OrderBy(field => field.Offset))
        {
            if (field.IsObjectReference)
            {
                return (uint)field.Offset;
            }

            if (field.IsValueType && FieldTypes.Of(heap, field) is { } inner && FirstReference(heap, inner, depth + 1) is { } at)
            {
                return (uint)field.Offset + at;
            }
        }

        return null;
    }
}
