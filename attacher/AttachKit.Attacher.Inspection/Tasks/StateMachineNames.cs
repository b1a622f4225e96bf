using System.Text;

namespace AttachKit.Attacher.Inspection.Tasks;

/// <summary>
/// Readable method names from the C# compiler's generated type and method names: <c>Foo+&lt;Outer&gt;d__3</c>
/// is <c>Foo.Outer</c>, <c>Foo+&lt;&gt;c__DisplayClass2_0+&lt;&lt;Run&gt;b__0&gt;d</c> a lambda in
/// <c>Foo.Run</c> (<c>Foo.Run.lambda#0</c>), <c>Foo+&lt;&lt;Run&gt;g__Local|2_0&gt;d</c> a local function
/// (<c>Foo.Run.Local</c>), <c>&lt;Main&gt;$</c> top-level statements (<c>Main</c>).
/// </summary>
internal static class StateMachineNames
{
    /// <summary>The method an async state machine type runs, from the type's full name (ClrMD's spelling, nested types after '+').</summary>
    public static string MethodOf(string stateMachineType)
    {
        var segments = SplitNested(stateMachineType);
        var last = segments[^1];
        var path = new StringBuilder();
        for (var i = 0; i < segments.Count - 1; i++)
        {
            // Closure classes and the cache of static lambdas say nothing a reader needs.
            if (segments[i].StartsWith("<>c", StringComparison.Ordinal))
            {
                continue;
            }

            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(segments[i]);
        }

        var method = last.StartsWith('<') ? Demangle(StripGenericArguments(last)) : last;
        return path.Length == 0 ? method : $"{path}.{method}";
    }

    /// <summary>A method's readable name from its declaring type and metadata name (a delegate's target, say).</summary>
    public static string MethodOf(string? declaringType, string methodName)
    {
        var method = methodName.StartsWith('<') ? Demangle(methodName) : methodName;
        if (declaringType is null)
        {
            return method;
        }

        var segments = SplitNested(declaringType).Where(segment => !segment.StartsWith("<>c", StringComparison.Ordinal)).ToList();
        return segments.Count == 0 ? method : $"{string.Join('.', segments)}.{method}";
    }

    // "<Outer>d__3" → "Outer"; "<<Run>b__0>d" → "Run.lambda#0"; "<<Run>g__Local|2_0>d" → "Run.Local"; "<Main>$" → "Main".
    private static string Demangle(string name)
    {
        if (!name.StartsWith('<'))
        {
            return name;
        }

        var close = MatchingClose(name);
        if (close < 0)
        {
            return name;
        }

        var inner = name[1..close];
        var rest = name[(close + 1)..];
        var method = inner.Length == 0 ? "?" : Demangle(inner);
        if (rest.StartsWith("b__", StringComparison.Ordinal))
        {
            return $"{method}.lambda#{rest[3..]}";
        }

        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            var bar = rest.IndexOf('|', StringComparison.Ordinal);
            return $"{method}.{(bar < 0 ? rest[3..] : rest[3..bar])}";
        }

        // "d__3" (a state machine), "$" (top-level statements), or anything else the compiler appends.
        return method;
    }

    private static int MatchingClose(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '<')
            {
                depth++;
            }
            else if (name[i] == '>' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    // "<Get>d__7<System.String>" (a generic method's state machine) → "<Get>d__7".
    private static string StripGenericArguments(string segment)
    {
        var close = MatchingClose(segment);
        if (close < 0)
        {
            return segment;
        }

        var generic = segment.IndexOf('<', close + 1);
        return generic < 0 ? segment : segment[..generic];
    }

    // Splits "A.B+<>c+<<M>b__0>d" at the '+' outside angle brackets: generic arguments can hold '+' too.
    private static List<string> SplitNested(string name)
    {
        var segments = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            switch (name[i])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    depth--;
                    break;
                case '+' when depth == 0:
                    segments.Add(name[start..i]);
                    start = i + 1;
                    break;
            }
        }

        segments.Add(name[start..]);
        return segments;
    }
}
