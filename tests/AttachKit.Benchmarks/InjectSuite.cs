using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// Loading the agent into an app that never referenced it (<c>attachkit &lt;pid&gt; version --inject</c>, the
/// native CLI, end to end): the first time, on an idle process, and warm afterwards; what the target gains in
/// RSS and threads. The anchor is an app that installed the agent, attached to the same way (cold: signalled).
/// Goals (issue "load the agent on demand"): first injected attach ≤ 150 ms; warm as the installed agent's;
/// RSS growth ≤ 10 MiB; no thread beyond those the installed agent has after its first attach.
/// </summary>
internal static class InjectSuite
{
    // Long enough for a fresh process to finish starting (tiered compilation's first work, the console) and be idle.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    // The agent's session and command threads end after 5 s idle (README, "Bounded").
    private static readonly TimeSpan AgentThreadsIdle = TimeSpan.FromSeconds(6);

    private const int WarmUpRequests = 10;

    public static async Task RunAsync(int runs)
    {
        var native = NativeBuilds.Cli();
        var injectedFirst = new Samples("unmodified app: version --inject, first");
        var injectedWarm = new Samples("unmodified app: version --inject, warm");
        var injectedWarmPlain = new Samples("unmodified app: version, warm (injected before)");
        var installedCold = new Samples("installed agent: version, cold (signalled)");
        var installedWarm = new Samples("installed agent: version, warm");
        var injectedRss = new Samples("unmodified app: RSS after first - before", "MiB");
        var installedRss = new Samples("installed agent: RSS after first - before", "MiB");
        var injectedThreads = new Samples("unmodified app: threads after first - before", "");
        var installedThreads = new Samples("installed agent: threads after first - before", "");

        for (var run = 0; run < runs; run++)
        {
            using (var target = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console))
            {
                await Task.Delay(Settle);
                var before = TargetFacts.Of(target.Pid);
                await injectedFirst.TimeAsync(() => Version(native, target.Pid, "--inject"));
                Growth(before, TargetFacts.Of(target.Pid), injectedRss, injectedThreads);
            }

            using (var target = await TargetApp.StartAsync("agent"))
            {
                await Task.Delay(Settle);
                var before = TargetFacts.Of(target.Pid);
                await installedCold.TimeAsync(() => Version(native, target.Pid));
                Growth(before, TargetFacts.Of(target.Pid), installedRss, installedThreads);
            }
        }

        using (var injected = await UnmodifiedApps.StartAsync(UnmodifiedApps.Console))
        using (var installed = await TargetApp.StartAsync("agent"))
        {
            await Task.Delay(Settle);
            var injectedUntouched = TargetFacts.Of(injected.Pid);
            var installedUntouched = TargetFacts.Of(installed.Pid);
            for (var i = 0; i < WarmUpRequests; i++)
            {
                await Version(native, injected.Pid, "--inject");
                await Version(native, installed.Pid);
            }

            // Interleaved run by run, so that the machine's moods reach all three alike.
            for (var run = 0; run < runs; run++)
            {
                await injectedWarm.TimeAsync(() => Version(native, injected.Pid, "--inject"));
                await injectedWarmPlain.TimeAsync(() => Version(native, injected.Pid));
                await installedWarm.TimeAsync(() => Version(native, installed.Pid));
            }

            await Task.Delay(AgentThreadsIdle);
            Console.WriteLine();
            Console.WriteLine(injectedUntouched.Row("unmodified app, never attached"));
            Console.WriteLine(TargetFacts.Of(injected.Pid).Row($"after {WarmUpRequests + 2 * runs} attaches, idle"));
            Console.WriteLine(installedUntouched.Row("installed agent, never attached"));
            Console.WriteLine(TargetFacts.Of(installed.Pid).Row($"after {WarmUpRequests + runs} attaches, idle"));
        }

        Report.Print(
            "inject: the agent loaded through the diagnostic port, beside an installed agent (native CLI)",
            [injectedFirst, injectedWarm, injectedWarmPlain, installedCold, installedWarm, injectedRss, installedRss, injectedThreads, installedThreads],
            [
                ("injected first / installed cold", injectedFirst, installedCold),
                ("--inject warm / installed warm (goal 1)", injectedWarm, installedWarm),
                ("injected app warm / installed warm (goal 1)", injectedWarmPlain, installedWarm),
            ]);
    }

    private static void Growth(TargetFacts before, TargetFacts after, Samples rss, Samples threads)
    {
        rss.Add((after.RssBytes - before.RssBytes) / 1048576.0);
        threads.Add(after.Threads - before.Threads);
    }

    private static Task Version(string cli, int pid, params string[] options)
        => Programs.RunAsync(cli, [pid.ToString(CultureInfo.InvariantCulture), "version", .. options]);
}
