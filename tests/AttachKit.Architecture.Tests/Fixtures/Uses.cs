using AttachKit.Architecture.Tests.Fixtures.Used;

// Each type of this namespace uses one type of Fixtures.Used in one way only, so that the reader's
// tests see which ways it finds (NamespaceGraphTests).
namespace AttachKit.Architecture.Tests.Fixtures.Uses;

internal sealed class ByCatch
{
    public static void Run()
    {
        try
        {
            Environment.GetEnvironmentVariable("PATH");
        }
        catch (Caught)
        {
        }
    }
}

internal sealed class ByTypeof
{
    public static Type Run() => typeof(Named);
}

internal sealed class ByIsinst
{
    public static bool Run(object value) => value is Tested;
}

internal sealed class ByCastclass
{
    public static object Run(object value) => (Cast)value;
}

internal sealed class ByCall
{
    public static void Run() => Called.Run();
}

internal sealed class ByStaticField
{
    public static int Run() => Fielded.Value;
}

internal sealed class ByNewobj
{
    public static object Run() => new Made();
}

internal sealed class ByBox
{
    public static object Run() => default(Boxed);
}

internal sealed class ByGenericArgument
{
    public static object Run() => new List<Argument>();
}

internal sealed class ByLambda
{
    public static Func<object> Run() => () => new InLambda();
}

internal sealed class ByStateMachine
{
    public static async Task<object> Run()
    {
        await Task.Yield();
        return new InStateMachine();
    }
}

internal sealed class ByFieldType
{
    public InField? Field { get; set; }
}

internal sealed class ByParameter
{
    public static void Run(InParameter? value) => GC.KeepAlive(value);
}

internal sealed class ByBaseType : Base;

internal sealed class ByInterface : IImplemented;

[Marking]
internal sealed class ByAttribute;

internal sealed class ByConstraint<T>
    where T : IConstraint;
