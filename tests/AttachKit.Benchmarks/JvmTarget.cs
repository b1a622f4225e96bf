using System.Diagnostics;

namespace AttachKit.Benchmarks;

/// <summary>A small HotSpot JVM (Jvm/Sleeper.java, compiled on first use) with N blocked threads, for the anchors to attach to.</summary>
internal sealed class JvmTarget : IDisposable
{
    private static readonly Lazy<string> ClassDirectory = new(Compile);
    private readonly Process _process;

    private JvmTarget(Process process) => _process = process;

    public int Pid => _process.Id;

    public static JvmTarget Start(int threads = 0)
    {
        var start = new ProcessStartInfo("java", ["-cp", ClassDirectory.Value, "Sleeper", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException("the JVM did not start");
        }

        return new JvmTarget(process);
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string Compile()
    {
        var directory = Directory.CreateTempSubdirectory("ak-jvm-").FullName;
        var source = Path.Combine(AppContext.BaseDirectory, "Jvm", "Sleeper.java");
        using var javac = Process.Start("javac", ["-d", directory, source]);
        javac.WaitForExit();
        return javac.ExitCode == 0 ? directory : throw new InvalidOperationException("javac failed (is a JDK installed?)");
    }
}
