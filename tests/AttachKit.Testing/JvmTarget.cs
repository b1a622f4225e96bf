using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AttachKit.Testing;

/// <summary>How to start a <see cref="JvmTarget"/>.</summary>
public sealed record JvmOptions
{
    /// <summary>How many blocked threads it starts (named <c>blocked-0</c>, <c>blocked-1</c>, …).</summary>
    public int Threads { get; init; }

    /// <summary>Two more threads, <c>deadlock-a</c> and <c>deadlock-b</c>, each holding the monitor the other waits for.</summary>
    public bool Deadlock { get; init; }

    /// <summary>Run it as this user (setpriv), e.g. <c>nobody</c>.</summary>
    public string? User { get; init; }

    /// <summary>Options for the JVM itself, e.g. <c>-Xrs</c>.</summary>
    public IReadOnlyList<string> JvmArguments { get; init; } = [];

    /// <summary>Run it in new pid and mount namespaces with a tmpfs of its own on /tmp, as in a container.</summary>
    public bool InOwnNamespaces { get; init; }

    /// <summary>With <see cref="InOwnNamespaces"/>: in a user namespace of its own too, its <see cref="User"/> mapped to root inside (a rootless container).</summary>
    public bool InOwnUserNamespace { get; init; }

    /// <summary>
    /// Run it in a directory of its own, owned by its <see cref="User"/> (a copy of the classes), rather
    /// than in the shared one root owns: a working directory the JVM's user may write in, as most have.
    /// </summary>
    public bool OwnWorkingDirectory { get; init; }
}

/// <summary>
/// A small HotSpot JVM (Jvm/Sleeper.java, compiled once per test run into a directory any user can
/// read), started in that directory and waited for until it prints "ready"; ended when disposed
/// (its standard input closes; killed by its pid if it lingers).
/// </summary>
public sealed class JvmTarget : IDisposable
{
    private static readonly Lazy<string> ClassDirectory = new(Compile);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string? _ownDirectory;
    private int? _namespacedPid;

    private JvmTarget(Process process, string? ownDirectory)
    {
        _process = process;
        _ownDirectory = ownDirectory;
    }

    /// <summary>The JVM's pid as this process sees it.</summary>
    public int Pid => _namespacedPid ?? _process.Id;

    public bool HasExited => _namespacedPid is { } pid ? !Directory.Exists($"/proc/{pid}") : _process.HasExited;

    /// <summary>The JVM's attach socket as this process reaches it.</summary>
    public string SocketPath => InOwnNamespaces
        ? $"/proc/{Pid}/root/tmp/.java_pid{NamespacePid}"
        : string.Create(CultureInfo.InvariantCulture, $"/tmp/.java_pid{Pid}");

    /// <summary>The directory the JVMs run in (where a trigger file goes first), unless started with <see cref="JvmOptions.OwnWorkingDirectory"/>.</summary>
    public static string WorkingDirectory => ClassDirectory.Value;

    /// <summary>The directory this JVM was started in (one in its own namespaces then moves to a copy in its own /tmp).</summary>
    public string StartDirectory => _ownDirectory ?? ClassDirectory.Value;

    /// <summary>What the JVM printed so far, stdout and stderr (a SIGQUIT without a trigger file prints a thread dump here).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The JVM's pid in its own pid namespace (the last NSpid of proc(5) status), which names its trigger file and socket.</summary>
    public int NamespacePid => int.Parse(
        File.ReadLines($"/proc/{Pid}/status").First(line => line.StartsWith("NSpid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1],
        CultureInfo.InvariantCulture);

    private bool InOwnNamespaces => _namespacedPid is not null;

    public static JvmTarget Start(int threads = 0) => Start(new JvmOptions { Threads = threads });

    public static JvmTarget Start(JvmOptions options)
    {
        List<string> commandLine = [];
        var ownDirectory = options.OwnWorkingDirectory ? OwnDirectoryFor(options.User ?? "root") : null;
        if (options.User is { } user)
        {
            var (uid, gid) = OtherUser.Ids(user);
            commandLine.AddRange(["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups"]);
        }

        if (options.InOwnNamespaces)
        {
            // The classes are under the host's /tmp, which the tmpfs covers: copied into it through the working directory.
            commandLine.AddRange(["unshare", .. options.InOwnUserNamespace ? OtherUser.RootlessNamespaces : [], "--pid", "--mount", "--fork", "--mount-proc", "--kill-child", "/bin/sh", "-c", "mount -t tmpfs tmpfs /tmp && mkdir /tmp/jvm && cp ./*.class /tmp/jvm && cd /tmp/jvm && exec \"$@\"", "sh"]);
        }

        commandLine.AddRange(["java", .. options.JvmArguments, "-cp", ".", "Sleeper", options.Threads.ToString(CultureInfo.InvariantCulture), .. options.Deadlock ? ["deadlock"] : Array.Empty<string>()]);
        var start = new ProcessStartInfo(commandLine[0], commandLine.Skip(1))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ownDirectory ?? ClassDirectory.Value,
        };
        var target = new JvmTarget(Process.Start(start)!, ownDirectory);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        target._process.OutputDataReceived += (_, e) => target.Take(e.Data, ready);
        target._process.ErrorDataReceived += (_, e) => target.Take(e.Data, ready: null);
        target._process.BeginOutputReadLine();
        target._process.BeginErrorReadLine();
        if (Task.WaitAny([ready.Task, target._process.WaitForExitAsync()], TimeSpan.FromSeconds(30)) != 0)
        {
            target.Dispose();
            throw new InvalidOperationException($"the JVM did not start (is a JDK installed?):\n{target.Output}");
        }

        if (options.InOwnNamespaces)
        {
            target._namespacedPid = int.Parse(File.ReadAllText($"/proc/{target._process.Id}/task/{target._process.Id}/children").Trim(), CultureInfo.InvariantCulture);
        }

        return target;
    }

    public void Dispose()
    {
        var listener = InOwnNamespaces ? null : SocketPath;
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();

        // A JVM leaves its listener's socket in the host's /tmp when it ends: removed, if it is still a socket.
        if (listener is not null && new Mono.Unix.UnixSymbolicLinkInfo(listener) is { Exists: true, FileType: Mono.Unix.FileTypes.Socket })
        {
            try
            {
                File.Delete(listener);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        try
        {
            if (_ownDirectory is not null)
            {
                Directory.Delete(_ownDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A JVM still exiting may hold a file for a moment; /tmp is cleaned eventually.
        }
    }

    private void Take(string? line, TaskCompletionSource? ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("ready ", StringComparison.Ordinal))
        {
            ready?.TrySetResult();
        }
    }

    // A fresh directory with a copy of the classes, given to the user (0755).
    private static string OwnDirectoryFor(string user)
    {
        var directory = Directory.CreateTempSubdirectory("ak-jvm-").FullName;
        foreach (var file in Directory.GetFiles(ClassDirectory.Value, "*.class"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        var account = new Mono.Unix.UnixUserInfo(user);
        foreach (var entry in Directory.GetFileSystemEntries(directory).Append(directory))
        {
            Mono.Unix.UnixFileSystemInfo.GetFileSystemEntry(entry).SetOwner(account.UserId, account.GroupId);
        }

        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        return directory;
    }

    private static string Compile()
    {
        var directory = Directory.CreateTempSubdirectory("ak-jvm-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        var source = Path.Combine(AppContext.BaseDirectory, "Jvm", "Sleeper.java");
        using var javac = Process.Start("javac", ["-d", directory, source]);
        javac.WaitForExit();
        // Every JVM has ended when the test process does: the classes go with it, not left in /tmp.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveClasses(directory);
        return javac.ExitCode == 0 ? directory : throw new InvalidOperationException("javac failed (is a JDK installed?)");
    }

    private static void RemoveClasses(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A JVM still exiting may hold it for a moment; /tmp is cleaned eventually.
        }
    }
}
