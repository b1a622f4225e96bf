using System.Diagnostics;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Threads;

/// <summary>
/// The native CLI runs <c>threads</c> in the image it carries with TraceEvent (README, "Use the CLI"):
/// the process the user started is the one that dumps, under the CLI's name.
/// </summary>
[Trait("Category", "Cli")]
public class ThreadsCliProcessTests
{
    [Fact]
    public async Task TheProcessTheUserStartedTakesTheDumpUnderTheCliName()
    {
        using var target = await TargetApp.StartAsync("threads-blocked");
        var cli = Artifacts.Cli;
        var start = new ProcessStartInfo(cli[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in cli.Skip(1).Concat([target.Text(), "threads", "--top", "1", "--interval", "3s"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // The dump waits 3 s on the target's side: time enough to look at the process doing it.
        var native = cli.Count == 1;
        string? image = null, name = null;
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(3))
        {
            image = new FileInfo($"/proc/{process.Id}/exe").LinkTarget;
            name = File.ReadAllText($"/proc/{process.Id}/comm").Trim();
            // Executing the memfd names the process after its number until the image renames itself.
            if (!native || (image?.StartsWith("/memfd:", StringComparison.Ordinal) == true && name == "attachkit"))
            {
                break;
            }

            await Task.Delay(5);
        }

        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.Contains("Busiest 1 by CPU over", await stdout, StringComparison.Ordinal);
        if (native)
        {
            Assert.StartsWith("/memfd:attachkit", image, StringComparison.Ordinal);
            Assert.Equal("attachkit", name);
        }
        else
        {
            Assert.Equal("dotnet", name);
        }
    }
}
