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

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
