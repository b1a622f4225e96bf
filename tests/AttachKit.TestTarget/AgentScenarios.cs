using AttachKit.Agent;

namespace AttachKit.TestTarget;

/// <summary>Scenarios about installing the agent itself.</summary>
internal static class AgentScenarios
{
    /// <summary>
    /// The agent, installed first thing; options from arguments: <c>disable=cmd</c>, <c>timeout=seconds</c>,
    /// <c>max-connections=n</c>, <c>allow-unredacted</c>. Arguments after <c>--</c> are the app's own and
    /// ignored (the redaction tests put secrets on the command line there).
    /// </summary>
    public static void Installed(string[] args) => AttachAgent.Install(options => Configure(options, args));

    /// <summary>The agent publishing in a directory other than TMPDIR, where no attacher looks.</summary>
    public static void InstalledWithSocketElsewhere(string[] args)
        => AttachAgent.Install(options =>
        {
            Configure(options, args);
            options.SocketDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "elsewhere")).FullName;
        });

    public static void InstalledTwice(string[] args)
    {
        Installed(args);
        Installed(args);
    }

    /// <summary>
    /// Prints the process's threads and descriptors before and after Install, for the test that
    /// checks installing costs nothing ("before: …" and "after: …" lines).
    /// </summary>
    public static void ProbeInstallCost(string[] args)
    {
        var before = Snapshot();
        Installed(args);
        var after = Snapshot();
        Console.WriteLine($"before: {before}");
        Console.WriteLine($"after: {after}");
    }

    private static void Configure(AttachAgentOptions options, string[] args)
    {
        foreach (var arg in args.TakeWhile(arg => arg != "--"))
        {
            var (key, value) = (arg.Split('=', 2)[0], arg.Split('=', 2).ElementAtOrDefault(1) ?? "");
            switch (key)
            {
                case "disable":
                    options.DisabledCommands.Add(value);
                    break;
                case "disabled":
                    options.Disabled = true;
                    break;
                case "timeout":
                    options.CommandTimeout = TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "allow-unredacted":
                    options.AllowUnredactedEnvironment = true;
                    break;
                case "max-connections":
                    options.MaxConnections = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{arg}'");
            }
        }
    }

    // Thread names and descriptor targets, read straight from /proc (no Console, no Process class:
    // both would start the runtime's signal handling before Install).
    private static string Snapshot()
    {
        var threads = Directory.GetDirectories("/proc/self/task")
            .Select(task => $"{Path.GetFileName(task)}:{File.ReadAllText(Path.Combine(task, "comm")).Trim()}");
        var descriptors = Directory.GetFiles("/proc/self/fd")
            .Select(fd => $"{Path.GetFileName(fd)}>{Readlink(fd)}");
        return $"threads=[{string.Join(',', threads)}] fds=[{string.Join(',', descriptors)}]";
    }

    private static string Readlink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget ?? "?";
        }
        catch (IOException)
        {
            return "gone";
        }
    }
}
