using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AttachKit.Benchmarks;

/// <summary>
/// The JVM of the inspect suite (Jvm/InspectLoad.java, compiled once per run): as many threads and as large a heap
/// as the .NET app, its safepoints logged (<c>-Xlog:safepoint</c>) so that a dump's pause is read from the JVM
/// itself. Ended when disposed (its standard input closes; killed by its pid if it lingers).
/// </summary>
internal sealed partial class JvmLoad : IDisposable
{
    private static readonly Lazy<string> Classes = new(Compile);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private JvmLoad(Process process) => _process = process;

    public int Pid => _process.Id;

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

    public static JvmLoad Start(int threads, int heapMegabytes)
    {
        // Room for the heap asked and the collector's own.
        var maxHeap = string.Create(CultureInfo.InvariantCulture, $"-Xmx{(heapMegabytes * 2) + 256}m");
        var start = new ProcessStartInfo("java", [maxHeap, "-Xlog:safepoint", "-cp", Classes.Value, "InspectLoad", threads.ToString(CultureInfo.InvariantCulture), heapMegabytes.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var jvm = new JvmLoad(Process.Start(start)!);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        jvm._process.OutputDataReceived += (_, e) => jvm.Take(e.Data, ready);
        jvm._process.ErrorDataReceived += (_, e) => jvm.Take(e.Data, ready: null);
        jvm._process.BeginOutputReadLine();
        jvm._process.BeginErrorReadLine();
        if (Task.WaitAny([ready.Task, jvm._process.WaitForExitAsync()], TimeSpan.FromSeconds(120)) != 0)
        {
            jvm.Dispose();
            throw new InvalidOperationException($"the JVM did not start:\n{jvm.Output}");
        }

        return jvm;
    }

    /// <summary>Where the next <see cref="SafepointsSince"/> starts.</summary>
    public int Mark => Output.Length;

    /// <summary>The time spent in safepoints logged after <paramref name="mark"/>, in milliseconds.</summary>
    public double SafepointsSince(int mark)
        => TotalNanoseconds().Matches(Output[mark..]).Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) / 1e6;

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
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

    private static string Compile()
    {
        var directory = Directory.CreateTempSubdirectory("ak-bench-jvm-").FullName;
        using var javac = Process.Start("javac", ["-d", directory, Path.Combine(AppContext.BaseDirectory, "Jvm", "InspectLoad.java")]);
        javac.WaitForExit();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return javac.ExitCode == 0 ? directory : throw new InvalidOperationException("javac failed (is a JDK installed?)");
    }

    // -Xlog:safepoint, JDK 17: [..][info][safepoint] Safepoint "PrintThreads", Time since last: … ns, Reaching safepoint: … ns, …, Total: 242151435 ns
    [GeneratedRegex(@"\[safepoint\] Safepoint .*Total: (\d+) ns")]
    private static partial Regex TotalNanoseconds();
}
