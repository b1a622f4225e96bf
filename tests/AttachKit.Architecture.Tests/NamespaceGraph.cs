using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace AttachKit.Architecture.Tests;

/// <summary>
/// Which namespace of one compiled assembly uses which other namespace of it, read from its metadata:
/// base types and interfaces, generic constraints, the signatures of fields, methods, properties and
/// events, custom attributes, and every method body (locals, catch clauses, and each IL instruction that
/// names a type, method, field or signature: call, newobj, ldfld, ldtoken, castclass, isinst, box, …).
/// A compiler-generated type (a lambda's closure, an iterator) counts as its outermost declaring type.
/// </summary>
/// <remarks>
/// What compiles to no reference is not seen: a constant or an enum member is copied into the code that
/// reads it, and nameof and doc comments leave nothing behind. Types in no namespace are the compiler's
/// own (&lt;PrivateImplementationDetails&gt;, collection-expression helpers): left out.
/// </remarks>
internal sealed class NamespaceGraph
{
    // Every IL opcode's operand kind, from the runtime's own table: what to skip or read after each opcode.
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value, code => code.OperandType);

    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _uses = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Namespaces of the assembly that use another namespace of it, each with the types' uses that make the edge.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Uses => _uses;

    public static NamespaceGraph Read(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        var graph = new NamespaceGraph();
        foreach (var handle in metadata.TypeDefinitions)
        {
            new TypeScan(graph, metadata, pe, handle).Run();
        }

        return graph;
    }

    /// <summary>
    /// The cycles between folders: sets of two or more namespaces, none inside another, each of which uses
    /// every other (directly or through the rest of the set). A namespace counts with every namespace nested
    /// in it, as a folder does with its subfolders, and is compared with its siblings only: a use between a
    /// namespace and one nested in it (either way) is no cycle, since the enclosing namespace is where what
    /// its children share lives and where they are put together, and C# puts it in their scope.
    /// </summary>
    public IReadOnlyList<FolderCycle> Cycles()
    {
        // Each use between two namespaces that do not contain one another becomes a use between the two
        // children of their closest common namespace that hold them.
        var siblings = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var (from, targets) in _uses)
        {
            foreach (var (to, why) in targets)
            {
                if (Contains(from, to) || Contains(to, from))
                {
                    continue;
                }

                var (fromFolder, toFolder) = SiblingsHolding(from, to);
                Between(siblings, fromFolder, toFolder).UnionWith(why);
            }
        }

        return StronglyConnected(siblings)
            .Select(folders => new FolderCycle(
                folders,
                [.. folders.SelectMany(from => siblings[from]
                    .Where(use => folders.Contains(use.Key))
                    .OrderBy(use => use.Key, StringComparer.Ordinal)
                    .Select(use => new FolderUse(from, use.Key, [.. use.Value])))]))
            .ToList();
    }

    // Whether namespace `outer` is `inner` or encloses it.
    private static bool Contains(string outer, string inner)
        => inner == outer || inner.StartsWith(outer + ".", StringComparison.Ordinal);

    // The children of the closest namespace enclosing both that hold one and the other.
    private static (string From, string To) SiblingsHolding(string from, string to)
    {
        var fromParts = from.Split('.');
        var toParts = to.Split('.');
        var common = 0;
        while (fromParts[common] == toParts[common])
        {
            common++;
        }

        return (string.Join('.', fromParts[..(common + 1)]), string.Join('.', toParts[..(common + 1)]));
    }

    // Tarjan's algorithm: the sets of two or more nodes that all reach one another. A few dozen nodes: recursion is fine.
    private static List<IReadOnlyList<string>> StronglyConnected(Dictionary<string, Dictionary<string, SortedSet<string>>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.TryGetValue(node, out var targets) ? targets.Keys : Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    found.Add(component);
                }
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        found.Sort((a, b) => StringComparer.Ordinal.Compare(a[0], b[0]));
        return found;
    }

    private void Add(string fromNamespace, string fromType, string toNamespace, string toType)
    {
        if (fromNamespace.Length == 0 || toNamespace.Length == 0 || fromNamespace == toNamespace)
        {
            return;
        }

        Between(_uses, fromNamespace, toNamespace).Add($"{fromType} uses {toType}");
    }

    // The uses from one node to another of a graph, made empty the first time.
    private static SortedSet<string> Between(Dictionary<string, Dictionary<string, SortedSet<string>>> graph, string from, string to)
    {
        if (!graph.TryGetValue(from, out var targets))
        {
            graph[from] = targets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var why))
        {
            targets[to] = why = new SortedSet<string>(StringComparer.Ordinal);
        }

        return why;
    }

    /// <summary>Everything one type definition (with the members it declares) refers to in its own assembly.</summary>
    private sealed class TypeScan(NamespaceGraph graph, MetadataReader metadata, PEReader pe, TypeDefinitionHandle handle)
    {
        private readonly SignatureVisitor _signatures = new(metadata);
        private readonly (string Namespace, string Name) _self = Outermost(metadata, handle);

        public void Run()
        {
            var type = metadata.GetTypeDefinition(handle);
            Token(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Token(metadata.GetInterfaceImplementation(implementation).Interface);
            }

            GenericParameters(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var field in type.GetFields())
            {
                var definition = metadata.GetFieldDefinition(field);
                definition.DecodeSignature(_signatures, null);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var property in type.GetProperties())
            {
                var definition = metadata.GetPropertyDefinition(property);
                definition.DecodeSignature(_signatures, null);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var @event in type.GetEvents())
            {
                var definition = metadata.GetEventDefinition(@event);
                Token(definition.Type);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var method in type.GetMethods())
            {
                Method(metadata.GetMethodDefinition(method));
            }

            foreach (var used in _signatures.Found)
            {
                var (toNamespace, toName) = Outermost(metadata, used);
                graph.Add(_self.Namespace, Qualified(_self), toNamespace, Qualified((toNamespace, toName)));
            }
        }

        private void Method(MethodDefinition method)
        {
            method.DecodeSignature(_signatures, null);
            GenericParameters(method.GetGenericParameters());
            Attributes(method.GetCustomAttributes());
            foreach (var parameter in method.GetParameters())
            {
                Attributes(metadata.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Token(region.CatchType);
            }

            Instructions(body.GetILReader());
        }

        private void Instructions(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (Operands[code])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineSig:
                        Token(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        throw new InvalidOperationException($"IL opcode 0x{code:x} has an operand this reader does not know");
                }
            }
        }

        private void Token(EntityHandle token)
        {
            if (token.IsNil)
            {
                return;
            }

            switch (token.Kind)
            {
                case HandleKind.TypeDefinition:
                    _signatures.Found.Add((TypeDefinitionHandle)token);
                    break;
                case HandleKind.TypeSpecification:
                    metadata.GetTypeSpecification((TypeSpecificationHandle)token).DecodeSignature(_signatures, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = metadata.GetMethodDefinition((MethodDefinitionHandle)token);
                    _signatures.Found.Add(method.GetDeclaringType());
                    method.DecodeSignature(_signatures, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = metadata.GetFieldDefinition((FieldDefinitionHandle)token);
                    _signatures.Found.Add(field.GetDeclaringType());
                    field.DecodeSignature(_signatures, null);
                    break;
                case HandleKind.MemberReference:
                    var member = metadata.GetMemberReference((MemberReferenceHandle)token);
                    Token(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(_signatures, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(_signatures, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = metadata.GetMethodSpecification((MethodSpecificationHandle)token);
                    Token(specification.Method);
                    specification.DecodeSignature(_signatures, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = metadata.GetStandaloneSignature((StandaloneSignatureHandle)token);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(_signatures, null);
                    }
                    else
                    {
                        signature.DecodeLocalSignature(_signatures, null);
                    }

                    break;
            }

            // TypeReference, and members of referenced types: another assembly's, never an edge here.
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in metadata.GetGenericParameter(parameter).GetConstraints())
                {
                    Token(metadata.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Token(metadata.GetCustomAttribute(attribute).Constructor);
            }
        }

        private static (string Namespace, string Name) Outermost(MetadataReader metadata, TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            while (type.IsNested)
            {
                type = metadata.GetTypeDefinition(type.GetDeclaringType());
            }

            return (metadata.GetString(type.Namespace), metadata.GetString(type.Name));
        }

        private static string Qualified((string Namespace, string Name) type) => $"{type.Namespace}.{type.Name}";
    }

    /// <summary>Decodes signatures for their side effect: every type defined in this assembly that they name.</summary>
    private sealed class SignatureVisitor(MetadataReader metadata) : ISignatureTypeProvider<bool, object?>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = [];

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Found.Add(handle);

        public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return true;
        }

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => false;

        public bool GetArrayType(bool elementType, ArrayShape shape) => elementType;

        public bool GetByReferenceType(bool elementType) => elementType;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => genericType;

        public bool GetGenericMethodParameter(object? genericContext, int index) => false;

        public bool GetGenericTypeParameter(object? genericContext, int index) => false;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => unmodifiedType;

        public bool GetPinnedType(bool elementType) => elementType;

        public bool GetPointerType(bool elementType) => elementType;

        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;

        public bool GetSZArrayType(bool elementType) => elementType;
    }
}

/// <summary>Namespaces (each with those nested in it) that use one another, and every use between them.</summary>
internal sealed record FolderCycle(IReadOnlyList<string> Namespaces, IReadOnlyList<FolderUse> Uses);

/// <summary>Namespace <paramref name="From"/> (or one nested in it) uses <paramref name="To"/> (or one nested in it), as <paramref name="Why"/> says, type by type.</summary>
internal sealed record FolderUse(string From, string To, IReadOnlyList<string> Why);
