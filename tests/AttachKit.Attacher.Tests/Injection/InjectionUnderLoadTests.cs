using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

[Trait("Category", "Cli")]
public class InjectionUnderLoadTests
{
    [Fact]
    public async Task AnAspNetCoreAppUnderARequestLoopIsInjectedWithoutAFailedRequestAndServesTheRuntimeCommands()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web);
        var port = int.Parse(target.Output.Split(' ', '\n')[1], CultureInfo.InvariantCulture);
        var load = LoopbackLoad.Start(port, clients: 4);
        try
        {
            await Task.Delay(500);
            var injected = await CliProcess.RunAsync(Pid(target), "version", "--inject");
            var results = new Dictionary<string, RunResult>();
            foreach (var command in new[] { "threads", "heap", "fds", "env" })
            {
                results[command] = await CliProcess.RunAsync(Pid(target), command);
            }

            await Task.Delay(500);
            load.Stop();

            Assert.True(injected.ExitCode == 0, injected.ToString() + target.Log);
            Assert.All(results, result => Assert.True(result.Value.ExitCode == 0, result.Key + ": " + result.Value + target.Log));
            Assert.True(load.Failures == 0, string.Join('\n', load.FailureSamples));
            Assert.True(load.Requests > 100, $"only {load.Requests} requests");
            Assert.False(target.HasExited);
        }
        finally
        {
            load.Stop();
        }
    }

    [Fact]
    public async Task AnInjectedGenericHostAppIsNeverSignalledWhenItsSocketIsGone()
    {
        using var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web);
        Assert.Equal(0, (await CliProcess.RunAsync(Pid(target), "version", "--inject")).ExitCode);
        File.Delete(target.SocketPath);

        var result = await CliProcess.RunAsync(Pid(target), "version");
        await Task.Delay(300);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("its host stops the app on SIGQUIT, so it was not signalled", result.Stderr, StringComparison.Ordinal);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task SigquitStopsAnInjectedGenericHostAppAsGentlyAsOneWithoutTheAgent()
    {
        using var injected = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web);
        using var untouched = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web);
        Assert.Equal(0, (await CliProcess.RunAsync(Pid(injected), "version", "--inject")).ExitCode);

        injected.Signal("QUIT");
        untouched.Signal("QUIT");

        // The host's console lifetime stops both on SIGQUIT, before and after the agent came alike: a clean exit, not death by the signal (131).
        Assert.True(untouched.WaitForExit(TimeSpan.FromSeconds(15)), "the app without the agent did not stop");
        Assert.True(injected.WaitForExit(TimeSpan.FromSeconds(15)), "the injected app did not stop");
        Assert.Equal(untouched.ExitCode, injected.ExitCode);
        Assert.Equal(0, injected.ExitCode);
    }

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
