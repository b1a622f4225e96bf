using System.Globalization;
using AttachKit.Attacher;
using AttachKit.Testing;

namespace AttachKit.Benchmarks;

/// <summary>
/// <c>list</c>: discovering the processes with the agent, with 4 dormant targets and 1 plain .NET
/// process among whatever else runs: <see cref="AttachTargets.List"/> in-process (what it costs to
/// read every process's /proc files), the same in a process of its own (<c>attachkit list</c>), and
/// <c>attachkit --version</c>, the CLI's start-up alone.
/// </summary>
internal static class ListSuite
{
    public static async Task RunAsync(int runs)
    {
        var targets = new List<TargetApp>();
        try
        {
            foreach (var scenario in new[] { "agent", "agent", "agent", "agent", "plain" })
            {
                targets.Add(await TargetApp.StartAsync(scenario));
            }

            var processes = Directory.EnumerateDirectories("/proc").Count(path => int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out _));
            var listing = AttachTargets.List();
            var library = new Samples($"AttachTargets.List() in-process ({processes} processes)");
            for (var i = 0; i < runs; i++)
            {
                await library.TimeAsync(() => Task.FromResult(AttachTargets.List()));
            }

            var cli = await CliAsync("attachkit list (CLI process)", runs, "list");
            var startup = await CliAsync("attachkit --version (CLI start-up alone)", runs, "--version");
            Report.Print(
                $"list: {listing.Targets.Count} .NET processes of {processes}, {listing.Targets.Count(target => target.CanAttach)} attachable",
                [library, cli, startup],
                [("attachkit list vs the CLI's start-up", cli, startup)]);
        }
        finally
        {
            targets.ForEach(target => target.Dispose());
        }
    }

    private static async Task<Samples> CliAsync(string name, int runs, params string[] arguments)
    {
        var samples = new Samples(name);
        for (var i = 0; i < runs; i++)
        {
            await samples.TimeAsync(async () =>
            {
                var result = await CliProcess.RunAsync(arguments);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            });
        }

        return samples;
    }
}
