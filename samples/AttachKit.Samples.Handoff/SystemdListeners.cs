using System.Globalization;
using System.Net.Sockets;
using Mono.Unix.Native;

namespace AttachKit.Samples.Handoff;

/// <summary>
/// The sockets passed the systemd way (sd_listen_fds(3)): LISTEN_FDS of them from fd 3 on, meant for
/// this process when LISTEN_PID is its pid.
/// </summary>
internal static class SystemdListeners
{
    private const int FirstDescriptor = 3;

    /// <summary>Takes the passed sockets (none when the variables are absent or meant for another process) and unsets the variables, as sd_listen_fds(1) does.</summary>
    public static IReadOnlyList<Socket> Take()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        foreach (var name in new[] { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        if (pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var sockets))
        {
            return [];
        }

        var taken = new List<Socket>();
        for (var fd = FirstDescriptor; fd < FirstDescriptor + sockets; fd++)
        {
            // Passed descriptors come without close-on-exec; set it, so that programs this one starts do not inherit them.
            Syscall.fcntl(fd, FcntlCommand.F_SETFD, 1);
            taken.Add(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
        }

        return taken;
    }
}
