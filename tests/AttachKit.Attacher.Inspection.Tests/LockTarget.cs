using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttachKit.Testing;

namespace AttachKit.Attacher.Inspection.Tests;

/// <summary>
/// The test target in one of its lock scenarios, started so that it is no child of the test process:
/// ClrMD's ptrace attach waits (waitpid) for each thread to stop, and .NET's own handling of SIGCHLD
/// collects the stop of a traced child first (it calls waitpid on the child processes it started), so
/// that the attach waits forever. <c>setsid --fork</c> leaves the target to init; its pid comes from its
/// "ready" line. Its standard input stays ours: closing it ends the target, as with <see cref="TargetApp"/>.
/// </summary>
public sealed class LockTarget : IDisposable
{
    private readonly Process _starter;
    private readonly StringBuilder _output = new();

    private LockTarget(Process starter) => _starter = starter;

    /// <summary>The target's pid.</summary>
    public int Pid { get; private set; }

    /// <summary>The scenario's threads by name, with the tids the target printed for them.</summary>
    public IReadOnlyDictionary<string, int> Tids { get; private set; } = new Dictionary<string, int>();

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

    public static async Task<LockTarget> StartAsync(string scenario, params string[] arguments)
    {
        var start = new ProcessStartInfo("setsid", ["--fork", "dotnet", Artifacts.TestTarget, scenario, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var target = new LockTarget(Process.Start(start)!);
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        target._starter.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"target '{scenario}' ended before it was ready:\n{target.Output}"));
                return;
            }

            lock (target._output)
            {
                target._output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("ready ", StringComparison.Ordinal))
            {
                ready.TrySetResult(int.Parse(e.Data["ready ".Length..], CultureInfo.InvariantCulture));
            }
        };
        target._starter.ErrorDataReceived += (_, e) =>
        {
            lock (target._output)
            {
                target._output.AppendLine(e.Data);
            }
        };
        target._starter.BeginOutputReadLine();
        target._starter.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            target.Dispose();
            throw new InvalidOperationException($"target '{scenario}' did not get ready:\n{target.Output}");
        }

        target.Pid = await ready.Task;
        var threads = target.Output.Split('\n').First(line => line.StartsWith("threads ", StringComparison.Ordinal));
        target.Tids = threads["threads ".Length..].Trim().Split(' ').Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
        return target;
    }

    /// <summary>
    /// Whether every thread of the target runs free: none stopped (state T or t) or traced. Each inspection
    /// must leave it so.
    /// </summary>
    public IReadOnlyList<string> StoppedOrTraced()
    {
        var found = new List<string>();
        foreach (var task in Directory.GetDirectories(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/task")))
        {
            try
            {
                var status = File.ReadAllLines(Path.Combine(task, "status")).Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim());
                if (status["State"].StartsWith('T') || status["State"].StartsWith('t') || status["TracerPid"] != "0")
                {
                    found.Add($"{Path.GetFileName(task)}: State {status["State"]}, TracerPid {status["TracerPid"]}");
                }
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return found;
    }

    /// <summary>Closes the target's standard input, which ends it, and kills it by its pid if it is still there after 5 s.</summary>
    public void Dispose()
    {
        try
        {
            _starter.StandardInput.Close();
        }
        catch (IOException)
        {
            // The target is gone already.
        }

        if (Pid != 0)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (IsOurTarget() && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            if (IsOurTarget())
            {
                Mono.Unix.Native.Syscall.kill(Pid, Mono.Unix.Native.Signum.SIGKILL);
            }
        }

        _starter.Dispose();
    }

    // Still there, and still the test target (not a new process that took the pid).
    private bool IsOurTarget()
    {
        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/cmdline")).Contains("AttachKit.TestTarget", StringComparison.Ordinal)
                && !File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/stat")).Contains(") Z", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return false;
        }
    }
}
