using System.Diagnostics;
using AttachKit.Linux.Processes;

namespace AttachKit.Linux.Tests;

public class ProcessNamesTests
{
    [Fact]
    public void ThisProcessGetsTheNameTheRuntimeGivesIt()
    {
        var commandLine = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        using var self = Process.GetCurrentProcess();
        Assert.Equal(self.ProcessName, ProcessNames.RuntimeName(File.ReadAllText("/proc/self/stat"), commandLine));
    }

    [Theory]
    [InlineData("1 (dotnet) S 0", new[] { "/usr/bin/dotnet", "app.dll" }, "dotnet")]
    [InlineData("1 (Samples.Handoff) S 0", new[] { "./Samples.Handoff" }, "Samples.Handoff")]
    [InlineData("1 (AttachKit.Sampl) S 0", new[] { "/opt/app/AttachKit.Samples.Worker", "--x" }, "AttachKit.Samples.Worker")]
    [InlineData("1 (long-script-na) S 0", new[] { "/bin/sh", "/srv/long-script-name.sh" }, "long-script-name.sh")]
    [InlineData("1 (dotnet) S 0", new[] { "DOTNETX" }, "DOTNETX")]
    [InlineData("1 (a (b) c) S 0", new[] { "other" }, "a (b) c")]
    [InlineData("1 (worker) S 0", new string[0], "worker")]
    public void CommIsCompletedFromTheFirstOrSecondArgumentThatStartsWithIt(string stat, string[] commandLine, string expected)
        => Assert.Equal(expected, ProcessNames.RuntimeName(stat, commandLine));

    [Theory]
    [InlineData(new[] { "/usr/bin/dotnet", "--roll-forward", "Major", "/srv/App.dll", "--port", "80" }, "App")]
    [InlineData(new[] { "dotnet", "exec", "/srv/App.dll" }, "App")]
    [InlineData(new[] { "dotnet", "run", "--project", "samples/AttachKit.Samples.Worker" }, "dotnet run")]
    [InlineData(new[] { "/usr/share/dotnet/dotnet", "watch", "run" }, "dotnet watch")]
    [InlineData(new[] { "dotnet", "--info" }, "dotnet")]
    [InlineData(new[] { "/opt/app/AttachKit.Samples.Worker" }, "AttachKit.Samples.Worker")]
    public void TheNameShownIsTheAppsAssemblyTheSdksCommandOrTheProgram(string[] commandLine, string expected)
        => Assert.Equal(expected, ProcessNames.DisplayName(commandLine, "/proc/self"));
}
