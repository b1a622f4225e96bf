using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using AttachKit.Protocol.Threads;

namespace AttachKit.Agent.ThreadDumps;

/// <summary>The facts of a dump's <see cref="ThreadsBody.InfoTag"/> section.</summary>
internal static class DumpInfo
{
    public static KeyValuePair<string, string>[] Facts(TimeSpan? interval, string epoch, bool rundown)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new(InfoKeys.Pid, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
            new(InfoKeys.Time, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            new(InfoKeys.Runtime, RuntimeInformation.FrameworkDescription),
            new(InfoKeys.CodeEpoch, epoch),
            new(InfoKeys.Rundown, rundown ? "1" : "0"),
        };
        if (Assembly.GetEntryAssembly()?.GetName().Name is { } app)
        {
            facts.Add(new(InfoKeys.App, app));
        }

        if (interval is { } value)
        {
            facts.Add(new(InfoKeys.IntervalMs, ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        }

        return [.. facts];
    }
}
