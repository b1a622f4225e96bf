namespace AttachKit.Testing;

/// <summary>The real <c>attachkit</c> CLI, run as a separate process.</summary>
public static class CliProcess
{
    public static Task<RunResult> RunAsync(params string[] arguments) => RunAsync(arguments, timeout: null);

    public static Task<RunResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout, IDictionary<string, string>? environment = null)
        => ProcessRunner.RunAsync([.. Artifacts.Cli, .. arguments], timeout: timeout, environment: environment);

    /// <summary>Runs the CLI in <paramref name="workingDirectory"/>, where relative output files land.</summary>
    public static Task<RunResult> RunInAsync(string workingDirectory, params string[] arguments)
        => ProcessRunner.RunAsync([.. Artifacts.Cli, .. arguments], workingDirectory: workingDirectory);

    /// <summary>
    /// Runs the CLI with its output kept as bytes (<see cref="ByteRunner"/>): killed, not thrown, when it passes
    /// <paramref name="timeout"/> or its resident memory passes <paramref name="memoryLimitKiB"/>.
    /// </summary>
    public static Task<ByteRunResult> RunBytesAsync(IEnumerable<string> arguments, TimeSpan timeout, long? memoryLimitKiB = null, string? workingDirectory = null)
        => ByteRunner.RunAsync([.. Artifacts.Cli, .. arguments], timeout, memoryLimitKiB, workingDirectory);

    /// <summary>The CLI as built, copied into <paramref name="directory"/>, where another user can read it (the build tree may not be).</summary>
    public static IReadOnlyList<string> CopyTo(string directory)
    {
        var cli = Artifacts.Cli;
        var entry = cli[^1];
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(entry)!))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return [.. cli.SkipLast(1), Path.Combine(directory, Path.GetFileName(entry))];
    }
}
