// Namespaces that use one another, and some that may (NamespaceGraphTests).

// Two siblings that use one another: a cycle.
namespace AttachKit.Architecture.Tests.Fixtures.Cycle.Left
{
    internal static class LeftUser
    {
        public static object Run() => new Right.RightThing();
    }

    internal sealed class LeftThing;
}

namespace AttachKit.Architecture.Tests.Fixtures.Cycle.Right
{
    internal sealed class RightThing;

    internal static class RightUser
    {
        public static object Run() => new Left.LeftThing();
    }
}

// A sibling that uses what is nested in another, which uses it back through the namespace enclosing that: a cycle between A and B.
namespace AttachKit.Architecture.Tests.Fixtures.Deep.A
{
    internal static class AUser
    {
        public static object Run() => new B.Inner.InnerThing();
    }

    internal sealed class AThing;
}

namespace AttachKit.Architecture.Tests.Fixtures.Deep.B
{
    internal static class BUser
    {
        public static object Run() => new A.AThing();
    }
}

namespace AttachKit.Architecture.Tests.Fixtures.Deep.B.Inner
{
    internal sealed class InnerThing;
}

// A namespace and one nested in it, using one another: what encloses is where its children's shared parts live, no cycle.
namespace AttachKit.Architecture.Tests.Fixtures.Nested
{
    internal sealed class Shared;

    internal static class Composer
    {
        public static object Run() => new Child.ChildThing();
    }
}

namespace AttachKit.Architecture.Tests.Fixtures.Nested.Child
{
    internal sealed class ChildThing
    {
        public Shared Uses { get; } = new();
    }
}
