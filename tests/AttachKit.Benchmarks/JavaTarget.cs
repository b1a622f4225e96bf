using System.Diagnostics;
using System.Globalization;

namespace AttachKit.Benchmarks;

/// <summary>A JVM with a given number of blocked threads (sleeping, waiting on a monitor, parked), for jstack and jattach.</summary>
internal sealed class JavaTarget : IDisposable
{
    private const string Source = """
        import java.util.concurrent.locks.LockSupport;

        public class BlockedThreads {
            public static void main(String[] args) throws Exception {
                int count = Integer.parseInt(args[0]);
                Object monitor = new Object();
                for (int i = 0; i < count; i++) {
                    int kind = i % 3;
                    Thread thread = new Thread(() -> {
                        try {
                            if (kind == 0) { Thread.sleep(Long.MAX_VALUE); }
                            else if (kind == 1) { synchronized (monitor) { monitor.wait(); } }
                            else { while (true) { LockSupport.park(); } }
                        } catch (InterruptedException e) { }
                    }, "blocked-" + i);
                    thread.setDaemon(true);
                    thread.start();
                }
                System.out.println("ready " + ProcessHandle.current().pid());
                System.out.flush();
                System.in.read();
            }
        }
        """;

    private readonly Process _process;
    private readonly string _directory;

    private JavaTarget(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public int Pid => _process.Id;

    public static async Task<JavaTarget> StartAsync(int threads)
    {
        var directory = Directory.CreateTempSubdirectory("attachkit-jvm-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "BlockedThreads.java"), Source);
        using (var javac = Process.Start("javac", ["-d", directory, Path.Combine(directory, "BlockedThreads.java")])!)
        {
            await javac.WaitForExitAsync();
            if (javac.ExitCode != 0)
            {
                throw new InvalidOperationException("javac failed");
            }
        }

        var start = new ProcessStartInfo("java", ["-cp", directory, "BlockedThreads", threads.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync();
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the JVM did not get ready: {line}");
        }

        return new JavaTarget(process, directory);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
