using System.Globalization;

namespace AttachKit.Agent.Tests;

internal static class Pids
{
    public static string Text(this AttachKit.Testing.TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
