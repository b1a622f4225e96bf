using AttachKit.Attacher.Discovery;
using AttachKit.Attacher.Injection;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

public class InjectionChecksTests
{
    [Theory]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/7.0.20", "its runtime is .NET 7.0.20, older than 8")]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.36", "its runtime is .NET 6.0.36, older than 8")]
    public async Task ARuntimeOlderThanEightIsNamedAsTheReason(string runtimeDirectory, string reason)
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);

        var blocker = InjectionChecks.Blocker(TargetProcess.Find(target.Pid), new MappedModules(Runtime: true, Agent: false, HotSpot: false, OpenJ9: false, runtimeDirectory));

        Assert.NotNull(blocker);
        Assert.StartsWith(reason, blocker.Phrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessWhoseRuntimeIsInItsExecutableIsNamedNativeOrSingleFile()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);

        var blocker = InjectionChecks.Blocker(TargetProcess.Find(target.Pid), new MappedModules(Runtime: false, Agent: false, HotSpot: false, OpenJ9: false));

        Assert.Equal("native or single-file", blocker?.Short);
    }

    [Fact]
    public async Task ARunningAppOfThisRuntimeHasNothingAgainstIt()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console);
        var process = TargetProcess.Find(target.Pid);

        var modules = process.MappedModules();

        Assert.Null(InjectionChecks.Blocker(process, modules));
        Assert.Equal(Environment.Version.Major, RuntimeVersion.FromRuntimeDirectory(modules.RuntimeDirectory)?.Major);
    }

    [Theory]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.11", "8.0.11")]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/9.0.0-rc.1.24431.7", "9.0.0")]
    [InlineData("/app", null)]
    public void TheRuntimeVersionIsReadFromTheSharedFrameworksDirectoryOnly(string directory, string? version)
        => Assert.Equal(version, RuntimeVersion.FromRuntimeDirectory(directory)?.ToString());

    [Fact]
    public void ASelfContainedAppsRuntimeConfigNamesTheRuntimeItCarries()
    {
        var json = """{"runtimeOptions": {"tfm": "net7.0", "includedFrameworks": [{"name": "Microsoft.NETCore.App", "version": "7.0.5"}], "configProperties": {"System.StartupHookProvider.IsSupported": "false"}}}""";

        var config = AppRuntimeConfig.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal(new Version(7, 0, 5), config.IncludedRuntime);
        Assert.False(config.StartupHooksSupported);
        Assert.False(config.ForbidsInjection);
    }
}
