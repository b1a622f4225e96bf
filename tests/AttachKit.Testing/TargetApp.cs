using System.Diagnostics;
using System.Text;
using AttachKit.Protocol;

namespace AttachKit.Testing;

/// <summary>How to start a target.</summary>
public sealed record TargetOptions
{
    /// <summary>Start it with SIGQUIT ignored, as nohup, CI runners and some supervisors do (FINDINGS).</summary>
    public bool IgnoreQuit { get; init; } = true;

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The program: the test target by default.</summary>
    public string? Program { get; init; }
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

    private TargetApp(Process process, ScratchDirectory scratch)
    {
        _process = process;
        _scratch = scratch;
    }

    public int Pid => _process.Id;

    /// <summary>The target's TMPDIR, where its socket appears.</summary>
    public string SocketDirectory => _scratch.Path;

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
        var program = options.Program ?? Artifacts.TestTarget;
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // exec keeps the pid: the shell only sets the disposition that the target inherits.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add((options.IgnoreQuit ? "trap '' QUIT; " : "trap - QUIT; ") + "exec dotnet \"$@\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(program);
        if (options.Program is null)
        {
            start.ArgumentList.Add(scenario);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = scratch.Path;
        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var target = new TargetApp(process, scratch);
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

        return target;
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

    /// <summary>Sends a signal with kill(1), as an operator would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
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

    /// <summary>Threads of the target, as /proc/&lt;pid&gt;/task lists them.</summary>
    public IReadOnlyList<string> ThreadNames() => Directory.GetDirectories($"/proc/{Pid}/task")
        .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim()).ToList();

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
