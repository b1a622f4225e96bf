using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AttachKit.Testing;

/// <summary>
/// A program left running while a test goes on (e.g. <c>attachkit … --exec</c>): its output lines
/// as they come, a wait for a line, signals, its exit; ended by its pid when disposed.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Marker, TaskCompletionSource<string> Seen)> _waits = [];

    private RunningProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Standard output and standard error so far, interleaved by line.</summary>
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

    public static RunningProcess Start(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var running = new RunningProcess(Process.Start(start)!);
        running._process.OutputDataReceived += (_, e) => running.Take(e.Data);
        running._process.ErrorDataReceived += (_, e) => running.Take(e.Data);
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for a line holding <paramref name="marker"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string marker, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = _output.ToString().Split('\n').FirstOrDefault(line => line.Contains(marker, StringComparison.Ordinal));
            if (earlier is not null)
            {
                return earlier;
            }

            _waits.Add((marker, seen));
        }

        if (await Task.WhenAny(seen.Task, Task.Delay(timeout)) != seen.Task)
        {
            throw new TimeoutException($"no line with '{marker}' within {timeout}; output so far:\n{Output}");
        }

        return await seen.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal with kill(1), as an operator would.</summary>
    public void Signal(string signal) => SignalPid(signal, Pid);

    /// <summary>Sends a signal to any pid (e.g. a program this one started).</summary>
    public static void SignalPid(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
            foreach (var wait in _waits.Where(wait => line.Contains(wait.Marker, StringComparison.Ordinal)).ToList())
            {
                wait.Seen.TrySetResult(line);
                _waits.Remove(wait);
            }
        }
    }
}
