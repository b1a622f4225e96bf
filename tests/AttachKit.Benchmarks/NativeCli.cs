using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// The CLI's NativeAOT build for the suites that measure it: ATTACHKIT_CLI when set, else published here
/// once, with the command README.md gives (<c>dotnet publish attacher/attachkit -c Release -r linux-x64
/// -p:PublishAot=true</c>), into the benchmark's own output directory.
/// </summary>
internal static class NativeCli
{
    public static string Path()
    {
        if (Environment.GetEnvironmentVariable("ATTACHKIT_CLI") is { Length: > 0 } given)
        {
            return given;
        }

        var output = System.IO.Path.Combine(AppContext.BaseDirectory, "native-cli");
        Console.Error.WriteLine($"publishing the native CLI into {output} (a few minutes; set ATTACHKIT_CLI to skip)");
        Programs.Run("dotnet", "publish", System.IO.Path.Combine(Artifacts.RepositoryRoot(), "attacher", "attachkit"),
            "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--nologo", "-v", "quiet", "-o", output);
        return System.IO.Path.Combine(output, "attachkit");
    }
}
