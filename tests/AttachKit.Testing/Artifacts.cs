namespace AttachKit.Testing;

/// <summary>Where the built programs the tests run are: beside the test assembly (project references copy them).</summary>
public static class Artifacts
{
    public static string TestTarget => Beside("AttachKit.TestTarget.dll");

    public static string SampleWorker => Beside("AttachKit.Samples.Worker.dll");

    public static string SampleHandoff => Beside("AttachKit.Samples.Handoff.dll");
    /// <summary>The ASP.NET Core sample; beside the tests of the projects that reference it.</summary>
    public static string SampleWebApi => Beside("AttachKit.Samples.WebApi.dll");

    /// <summary>
    /// The CLI as a command line: ATTACHKIT_CLI (e.g. a native build) when set, else <c>dotnet attachkit.dll</c>.
    /// Test classes that run it carry <c>[Trait("Category", "Cli")]</c>: tests/run.sh runs them again against the native build.
    /// </summary>
    public static IReadOnlyList<string> Cli => Environment.GetEnvironmentVariable("ATTACHKIT_CLI") is { Length: > 0 } native
        ? [native]
        : DotnetCli;

    /// <summary>Whether the CLI under test is a native build (ATTACHKIT_CLI is set), not <c>dotnet attachkit.dll</c>.</summary>
    public static bool CliIsNative => Environment.GetEnvironmentVariable("ATTACHKIT_CLI") is { Length: > 0 };

    /// <summary>The framework-dependent CLI, <c>dotnet attachkit.dll</c>, whatever ATTACHKIT_CLI says.</summary>
    public static IReadOnlyList<string> DotnetCli => ["dotnet", Beside("attachkit.dll")];

    /// <summary>
    /// An app of tests/ that knows nothing of AttachKit (AttachKit.PlainApp, AttachKit.SerilogApp,
    /// AttachKit.PlainWebApp), in its own output directory of the configuration the tests were built in: those
    /// apps are not copied beside the tests, one of them carrying another Serilog than the agent's.
    /// </summary>
    public static string UnmodifiedApp(string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "tests", name, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} was not built", path);
    }

    /// <summary>The repository the tests were built from: the first directory above them with AttachKit.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AttachKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no AttachKit.sln above {AppContext.BaseDirectory}");
    }

    private static string Beside(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} was not built beside the tests", path);
    }
}
