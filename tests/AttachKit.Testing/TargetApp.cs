using System.Diagnostics;
using System.Text;
using AttachKit.Protocol;

namespace AttachKit.Testing;

/// <summary>How to start a target.</summary>
public sealed record TargetOptions
{
    /// <summary>Start it with SIGQUIT ignored, as nohup, CI runners and some supervisors do (docs/INTERNALS.md, "Signals").</summary>
    public bool IgnoreQuit { get; init; } = true;

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The program: the test target by default.</summary>
    public string? Program { get; init; }

    /// <summary>A subdirectory of the scratch directory to use as TMPDIR (e.g. a very long one).</summary>
    public string? TmpSubdirectory { get; init; }

    /// <summary>Run the target as this user (setpriv), from a copy of its program it can read: a name, or a uid with no account (its gid the same number).</summary>
    public string? User { get; init; }

    /// <summary>
    /// Run the target in new pid and mount namespaces (unshare), with a tmpfs of its own mounted on
    /// its TMPDIR: what the host sees there is not what the target sees, as with a container's /tmp.
    /// </summary>
    public bool InOwnNamespaces { get; init; }

    /// <summary>
    /// With <see cref="InOwnNamespaces"/>: in a user namespace of its own too, its <see cref="User"/> mapped to
    /// root inside (what rootless podman and pods with <c>hostUsers: false</c> give).
    /// </summary>
    public bool InOwnUserNamespace { get; init; }

    /// <summary>
    /// With <see cref="InOwnNamespaces"/> and a <see cref="User"/>: as a locked-down container runs it. Its root
    /// file system read-only (only its TMPDIR, a tmpfs, writable), no capabilities, no_new_privs, and
    /// ptrace(2) denied by a seccomp filter (<see cref="Restricted.NoPtrace"/>).
    /// </summary>
    public bool Restricted { get; init; }

    /// <summary>
    /// Run the target chrooted into a root of its own (<see cref="OwnRoot"/>), in a new mount namespace
    /// but the host's pid namespace (its pid is the same everywhere). Its TMPDIR, as given (it may be
    /// set through <see cref="Environment"/>), is created inside that root.
    /// </summary>
    public bool InOwnRoot { get; init; }
}

/// <summary>
/// A real target process: the test target (or a sample) started with its own scratch TMPDIR,
/// waited for until it prints "ready", and ended (by its pid) when disposed.
/// </summary>
public sealed class TargetApp : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly ScratchDirectory _scratch;

    private int? _namespacedPid;

    private TargetApp(Process process, ScratchDirectory scratch, string tmpDir)
    {
        _process = process;
        _scratch = scratch;
        SocketDirectory = tmpDir;
    }

    /// <summary>The target's pid as this process sees it (for a namespaced target: unshare's child).</summary>
    public int Pid => _namespacedPid ?? _process.Id;

    /// <summary>The target's TMPDIR, where its socket appears (as the target sees it).</summary>
    public string SocketDirectory { get; }

    public ScratchDirectory Scratch => _scratch;

    public string SocketPath => AttachSocket.PathIn(SocketDirectory, Pid);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the target wrote to standard error so far (the agent's log lines).</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static Task<TargetApp> StartAsync(string scenario, params string[] arguments) => StartAsync(scenario, arguments, new TargetOptions());

    public static async Task<TargetApp> StartAsync(string scenario, IReadOnlyList<string> arguments, TargetOptions options, string readyMarker = "ready ")
    {
        var scratch = ScratchDirectory.Create();
        // In namespaces of its own a tmpfs covers TMPDIR: a subdirectory, so that a copy of the program beside it stays in view.
        var sub = options.TmpSubdirectory ?? (options.InOwnNamespaces ? "tmp" : null);
        var tmpDir = sub is null ? scratch.Path : Directory.CreateDirectory(Path.Combine(scratch.Path, sub)).FullName;
        var program = options.Program ?? Artifacts.TestTarget;
        List<string> commandLine = [];
        // A restricted target drops its privileges inside its namespaces, after the mounts root makes there.
        var dropPrivileges = "";
        if (options.User is { } user)
        {
            var (uid, gid) = OtherUser.Ids(user);
            program = CopyProgramFor(uid, gid, program, scratch.Path);
            List<string> setpriv = ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups"];
            if (options.Restricted)
            {
                dropPrivileges = string.Join(' ', [.. setpriv, "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", Restricted.NoPtrace.Path]) + " ";
            }
            else if (options.InOwnNamespaces && !options.InOwnUserNamespace)
            {
                // Only root makes pid and mount namespaces without a user namespace: the user is taken inside.
                dropPrivileges = string.Join(' ', setpriv) + " ";
            }
            else
            {
                commandLine.AddRange(setpriv);
            }
        }

        if (options.InOwnNamespaces)
        {
            commandLine.AddRange(["unshare", .. options.InOwnUserNamespace ? OtherUser.RootlessNamespaces : [], "--pid", "--mount", "--fork", "--mount-proc", "--kill-child"]);
        }

        // exec keeps the pid: the shell only sets the disposition that the target inherits.
        var script = (options.InOwnNamespaces ? "mount -t tmpfs tmpfs \"$TMPDIR\" && " : "")
            + (options.Restricted ? "mount -o remount,bind,ro / && " : "")
            + (options.InOwnRoot ? "mkdir -p \"$TMPDIR\" && " : "")
            + (options.IgnoreQuit ? "trap '' QUIT; " : "trap - QUIT; ")
            + (options.InOwnRoot ? $"exec '{OwnRoot.Dotnet}' \"$@\"" : $"exec {dropPrivileges}dotnet \"$@\"");
        if (options.InOwnRoot)
        {
            commandLine.AddRange(OwnRoot.CommandLine(Directory.CreateDirectory(Path.Combine(scratch.Path, "root")).FullName, Path.GetDirectoryName(program)!));
        }

        commandLine.AddRange(["/bin/sh", "-c", script, "sh", program]);
        if (options.Program is null)
        {
            commandLine.Add(scenario);
        }

        commandLine.AddRange(arguments);
        var start = new ProcessStartInfo(commandLine[0], commandLine.Skip(1))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["TMPDIR"] = tmpDir;
        if (options.User is not null)
        {
            // The runtime wants a home; the test runner's is not another user's.
            start.Environment["HOME"] = tmpDir;
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var target = new TargetApp(process, scratch, tmpDir);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (target._stdout)
            {
                target._stdout.AppendLine(e.Data);
            }

            if (e.Data.Contains(readyMarker, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (target._stderr)
            {
                target._stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            target.Dispose();
            throw new InvalidOperationException($"target '{scenario}' did not get ready:\n{target.Output}\n{target.Log}");
        }

        if (options.InOwnNamespaces)
        {
            target._namespacedPid = int.Parse(File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return target;
    }


    // A copy of the program's directory in the scratch directory, both given to the user, since the
    // build tree may not be readable by it.
    private static string CopyProgramFor(string uid, string gid, string program, string scratch)
    {
        var copy = Path.Combine(scratch, "program");
        var source = Path.GetDirectoryName(program)!;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        using var chown = Process.Start("chown", ["-R", $"{uid}:{gid}", scratch])!;
        chown.WaitForExit();
        return Path.Combine(copy, Path.GetFileName(program));
    }

    /// <summary>
    /// Sends a line to the target's standard input (a command of its scenario, such as
    /// <c>allocate 256</c>) and waits until it answers that it is done.
    /// </summary>
    public async Task SendAsync(string line, TimeSpan? timeout = null)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!Output.Contains($"done {line}", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited || Output.Contains($"unknown {line}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"target did not do '{line}':\n{Output}\n{Log}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Sends a signal by name (QUIT, TERM, …) with kill(2).</summary>
    public void Signal(string signal)
    {
        if (Mono.Unix.Native.Syscall.kill(Pid, Enum.Parse<Mono.Unix.Native.Signum>("SIG" + signal)) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Pid} failed: {Mono.Unix.Native.Stdlib.GetLastError()}");
        }
    }

    /// <summary>Waits until the socket file exists (after a signal), or fails.</summary>
    public async Task WaitForSocketAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!File.Exists(SocketPath))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{SocketPath} did not appear; target log:\n{Log}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Waits until the agent's log holds <paramref name="text"/>: standard error is read asynchronously,
    /// so a line the agent wrote before the client returned may not be here yet. Returns the log.
    /// </summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Log;
    }

    /// <summary>The <c>key=value</c> pairs of the first output line that starts with <paramref name="prefix"/> and a space.</summary>
    public IReadOnlyDictionary<string, string> Facts(string prefix)
    {
        var line = Output.Split('\n').First(line => line.StartsWith(prefix + " ", StringComparison.Ordinal));
        return line[(prefix.Length + 1)..].Trim().Split(' ').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }

    /// <summary>Threads of the target, as /proc/&lt;pid&gt;/task lists them.</summary>
    public IReadOnlyList<string> ThreadNames() => RuntimeThreads.NamesOf(Pid);

    /// <summary>Asks the test target for a full compacting garbage collection and waits until it is done.</summary>
    public Task CollectGarbageAsync() => SendAsync("gc");

    /// <summary>Asks the target to end normally, by closing its standard input.</summary>
    public void RequestExit() => _process.StandardInput.Close();

    /// <summary>Threads of the target by tid, with their kernel names (comm); threads that end while it reads are skipped.</summary>
    public IReadOnlyDictionary<int, string> Threads() => RuntimeThreads.Of(Pid);

    /// <summary>Waits for the target to exit by itself.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Asks the target to exit (closing its stdin), then kills it by its pid if it does not.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    // A namespaced target first: it is its pid namespace's init, so the namespace goes with it.
                    // unshare's --kill-child does not reach a target that changed its ids (setpriv inside),
                    // since the kernel clears the parent-death signal on a change of credentials.
                    if (_namespacedPid is { } target)
                    {
                        Mono.Unix.Native.Syscall.kill(target, Mono.Unix.Native.Signum.SIGKILL);
                    }

                    _process.Kill();
                    _process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _scratch.Dispose();
    }
}
