using System.Collections;
using System.Globalization;
using AttachKit.Linux.Processes;

namespace AttachKit.Attacher;

/// <summary>
/// Starts a program the way systemd's socket activation does (sd_listen_fds(3)), so that any server
/// that supports it (Kestrel's UseSystemd, nginx, Go's activation package) takes the descriptors over:
/// they become its fd 3, 4, …, with LISTEN_FDS (their count), LISTEN_FDNAMES (their names, ':'
/// separated) and LISTEN_PID (the program's own pid) in its environment.
/// </summary>
/// <remarks>
/// LISTEN_PID can only be known once the child exists, and must be set before it runs the program:
/// the child is <c>/bin/sh -c 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"'</c>, since a shell's
/// <c>$$</c> is its own pid and <c>exec</c> keeps it. posix_spawn places the descriptors.
/// </remarks>
public static class SocketActivation
{
    /// <summary>Where the descriptors start in the program (SD_LISTEN_FDS_START).</summary>
    public const int FirstDescriptor = 3;

    private const string Shell = "/bin/sh";
    private const string SetPidThenExec = "LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"";

    /// <summary>Starts <paramref name="commandLine"/> (found on PATH) with <paramref name="descriptors"/> as fd 3, 4, … in that order.</summary>
    /// <exception cref="ArgumentException">The command line is empty.</exception>
    /// <exception cref="IOException">The program could not be started.</exception>
    public static ActivatedProcess Start(IReadOnlyList<string> commandLine, IReadOnlyList<ExportedDescriptor> descriptors)
    {
        if (commandLine.Count == 0)
        {
            throw new ArgumentException("no program to start");
        }

        var held = new List<ExportedDescriptor>();
        try
        {
            var numbers = new List<int>();
            foreach (var descriptor in descriptors)
            {
                var added = false;
                descriptor.Handle.DangerousAddRef(ref added);
                held.Add(descriptor);
                numbers.Add((int)descriptor.Handle.DangerousGetHandle());
            }

            // $0 of the shell names it in its own errors ("attachkit: exec: nope: not found").
            string[] argv = [Shell, "-c", SetPidThenExec, "attachkit", .. commandLine];
            var pid = Spawn.Start(argv, Environment(descriptors), numbers);
            return ActivatedProcess.Watch(pid);
        }
        finally
        {
            foreach (var descriptor in held)
            {
                descriptor.Handle.DangerousRelease();
            }
        }
    }

    private static List<string> Environment(IReadOnlyList<ExportedDescriptor> descriptors)
    {
        var variables = new List<string>();
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name is not ("LISTEN_PID" or "LISTEN_FDS" or "LISTEN_FDNAMES"))
            {
                variables.Add($"{name}={variable.Value}");
            }
        }

        variables.Add("LISTEN_FDS=" + descriptors.Count.ToString(CultureInfo.InvariantCulture));
        variables.Add("LISTEN_FDNAMES=" + string.Join(':', descriptors.Select(descriptor => descriptor.Name)));
        return variables;
    }
}
