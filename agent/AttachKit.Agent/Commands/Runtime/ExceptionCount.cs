using System.Runtime.CompilerServices;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// How many exceptions the process has thrown since it started, read from the runtime's own
/// counter: the one behind the <c>System.Runtime</c> event counter <c>exception-count</c>, which
/// the runtime keeps whether or not anyone listens. Reading it costs nothing before an attach and
/// changes nothing; the alternatives would (a FirstChanceException handler runs on every throw and
/// counts only from its installation; enabling the runtime's EventSource starts its counter timer).
/// The counter is internal (<c>Exception.GetExceptionCount</c>), so this may fail on another
/// runtime version: then the count is unknown, never wrong.
/// </summary>
internal static class ExceptionCount
{
    public static long? Read()
    {
        try
        {
            return GetExceptionCount(null);
        }
        catch (MissingMethodException)
        {
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "GetExceptionCount")]
    private static extern uint GetExceptionCount(Exception? target);
}
