using System.Diagnostics;

namespace AttachKit.Benchmarks;

/// <summary>Runs a program to its end and checks it succeeded: what "CLI start → exit" means here.</summary>
internal static class Programs
{
    /// <summary><see cref="Run"/> where a suite times a task.</summary>
    public static Task RunAsync(string program, params string[] arguments)
    {
        Run(program, arguments);
        return Task.CompletedTask;
    }

    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
