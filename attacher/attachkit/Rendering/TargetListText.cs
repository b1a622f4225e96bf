using System.Globalization;
using System.Text;
using AttachKit.Attacher;

namespace AttachKit.Cli.Rendering;

/// <summary>
/// <c>attachkit list</c> as a table with aligned columns: PID, NSPID (the pid inside a container, - outside
/// one), USER (with "(userns)" for a process in another user namespace: a rootless container), UPTIME (as
/// ps' ELAPSED: [[dd-]hh:]mm:ss), KIND (.net or jvm), STATE, INJECT (for a .NET process without the agent:
/// whether --inject can load it, and in a few words why not), NAME.
/// </summary>
internal static class TargetListText
{
    private static readonly string[] Header = ["PID", "NSPID", "USER", "UPTIME", "KIND", "STATE", "INJECT", "NAME"];

    public static byte[] Render(IReadOnlyList<AttachTarget> targets)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(targets.Select(target => new[]
        {
            Number(target.Pid),
            target.InOtherNamespace ? Number(target.NamespacePid) : "-",
            target.InOtherUserNamespace ? target.User + " (userns)" : target.User,
            Elapsed(target.Uptime),
            KindName(target.Runtime),
            StateName(target.State),
            Injection(target),
            target.Name,
        }));
        var widths = Enumerable.Range(0, Header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length - 1; column++)
            {
                text.Append(row[column].PadRight(widths[column] + 2));
            }

            text.Append(row[^1]).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Only the pids, one a line (<c>list --quiet</c>).</summary>
    public static byte[] RenderPids(IReadOnlyList<AttachTarget> targets)
        => Encoding.UTF8.GetBytes(string.Concat(targets.Select(target => Number(target.Pid) + "\n")));

    /// <summary>The state as list shows it, in text and JSON.</summary>
    public static string StateName(TargetState state) => state switch
    {
        TargetState.Listening => "listening",
        TargetState.Dormant => "dormant",
        TargetState.Disabled => "disabled",
        _ => "no-agent",
    };

    /// <summary>Whether --inject can load the agent: "-" for a process that has it, "yes", or "no (why)".</summary>
    public static string Injection(AttachTarget target)
        => target.State != TargetState.NoAgent ? "-"
            : target.Injectable ? "yes"
            : $"no ({target.NotInjectableShort})";

    /// <summary>The runtime as list shows it, in text and JSON.</summary>
    public static string KindName(TargetRuntime runtime) => runtime == TargetRuntime.HotSpot ? "jvm" : ".net";

    /// <summary>
    /// The processes left out, for stderr: each named with why, when they are few (as for root); else
    /// one line with their count and the reason of the first (another user's, for a plain user).
    /// </summary>
    public static string RenderUnreadable(IReadOnlyList<UnreadableProcess> unreadable)
    {
        const int Named = 3;
        if (unreadable.Count <= Named)
        {
            return string.Concat(unreadable.Select(process => $"attachkit: pid {Number(process.Pid)} ({TerminalSafeStream.EscapeLine(process.Name)}, uid {Number(process.Uid)}) not shown: {process.Reason}\n"));
        }

        var shared = unreadable.All(process => process.Reason.StartsWith("another user's", StringComparison.Ordinal))
            ? "other users' processes, whose /proc/<pid>/maps only their owner and root may read"
            : "their /proc/<pid>/maps is not readable to this user (attachkit list --json says why for each)";
        return $"attachkit: {Number(unreadable.Count)} processes not shown: {shared}\n";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Elapsed(TimeSpan uptime) => uptime.Days > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{uptime.Days}-{uptime:hh\\:mm\\:ss}")
        : uptime.Hours > 0 ? uptime.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture)
        : uptime.ToString("mm\\:ss", CultureInfo.InvariantCulture);
}
