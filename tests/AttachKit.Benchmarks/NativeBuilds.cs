using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// NativeAOT programs the suites measure, each published once into the benchmark's own output directory
/// with the command README.md gives for the CLI (<c>dotnet publish &lt;project&gt; -c Release -r linux-x64
/// -p:PublishAot=true</c>).
/// </summary>
internal static class NativeBuilds
{
    /// <summary>The CLI's native build: ATTACHKIT_CLI when set, else published here.</summary>
    public static string Cli()
        => Environment.GetEnvironmentVariable("ATTACHKIT_CLI") is { Length: > 0 } given
            ? given
            : Publish(Path.Combine("attacher", "attachkit"), "attachkit", "a few minutes; set ATTACHKIT_CLI to skip");

    /// <summary>tests/AttachKit.NativeFloor: the least a NativeAOT program can do, the floor under the CLI's times.</summary>
    public static string Floor() => Publish(Path.Combine("tests", "AttachKit.NativeFloor"), "AttachKit.NativeFloor", "a minute");

    private static string Publish(string project, string program, string howLong)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "native", program);
        Console.Error.WriteLine($"publishing {project} natively into {output} ({howLong})");
        Programs.Run("dotnet", "publish", Path.Combine(Artifacts.RepositoryRoot(), project),
            "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--nologo", "-v", "quiet", "-o", output);
        return Path.Combine(output, program);
    }
}
