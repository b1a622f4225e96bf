using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

/// <summary>The CLI as a .NET tool: packed from the built project, installed from that package alone, run against a target.</summary>
public class ToolInstallTests
{
    [Fact]
    public async Task ThePackedToolInstallsFromItsPackageAndAttaches()
    {
        using var packages = ScratchDirectory.Create();
        using var tools = ScratchDirectory.Create();
        using var cache = ScratchDirectory.Create();
        var project = Path.Combine(Artifacts.RepositoryRoot(), "attacher", "attachkit");

        // --no-build: the package is made of the build the tests run against (Release, as tests/run.sh builds).
        var pack = await ProcessRunner.RunAsync(["dotnet", "pack", project, "-c", "Release", "--no-build", "--nologo", "-o", packages.Path], timeout: TimeSpan.FromMinutes(3));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Single(Directory.GetFiles(packages.Path, "attachkit.*.nupkg"));

        // A package cache of its own: the shared one may hold an older attachkit of the same version.
        var install = await ProcessRunner.RunAsync(
            ["dotnet", "tool", "install", "--tool-path", tools.Path, "--add-source", packages.Path, "attachkit"],
            timeout: TimeSpan.FromMinutes(3),
            environment: new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache.Path });
        Assert.True(install.ExitCode == 0, install.ToString());

        using var target = await TargetApp.StartAsync("agent");
        var version = await ProcessRunner.RunAsync([Path.Combine(tools.Path, "attachkit"), target.Pid.ToString(CultureInfo.InvariantCulture), "version"]);

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains($"Pid:          {target.Pid}", version.Stdout, StringComparison.Ordinal);
    }
}
