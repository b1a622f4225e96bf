using System.Diagnostics;

namespace AttachKit.Benchmarks;

/// <summary>Runs a program to its end and checks it succeeded: what "CLI start → exit" means here.</summary>
internal static class Programs
{
    /// <summary><see cref="Run(string, string[])"/> where a suite times a task.</summary>
    public static Task RunAsync(string program, params string[] arguments)
    {
        Run(program, arguments);
        return Task.CompletedTask;
    }

    /// <summary><see cref="RunAsync(string, string[])"/> for a program expected to exit with <paramref name="exitCode"/>.</summary>
    public static Task RunAsync(int exitCode, string program, params string[] arguments)
    {
        Run(exitCode, program, arguments);
        return Task.CompletedTask;
    }

    public static void Run(string program, params string[] arguments) => Run(0, program, arguments);

    public static void Run(int exitCode, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != exitCode)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
