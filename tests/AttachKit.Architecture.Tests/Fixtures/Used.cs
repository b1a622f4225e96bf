// What Fixtures.Uses uses, one type for each way of using.
namespace AttachKit.Architecture.Tests.Fixtures.Used;

internal sealed class Caught : Exception;

internal sealed class Named;

internal sealed class Tested;

internal sealed class Cast;

internal static class Called
{
    public static void Run()
    {
    }
}

internal static class Fielded
{
    public static int Value = Environment.ProcessId;
}

internal sealed class Made;

internal struct Boxed;

internal sealed class Argument;

internal sealed class InLambda;

internal sealed class InStateMachine;

internal sealed class InField;

internal sealed class InParameter;

internal abstract class Base;

internal interface IImplemented;

[AttributeUsage(AttributeTargets.Class)]
internal sealed class MarkingAttribute : Attribute;

internal interface IConstraint;
