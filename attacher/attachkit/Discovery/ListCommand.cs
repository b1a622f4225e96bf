using System.CommandLine;
using AttachKit.Attacher;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.Discovery;

/// <summary><c>attachkit list [--all] [--json]</c>: the processes to attach to, like <c>jps</c>.</summary>
internal static class ListCommand
{
    public const string Name = "list";

    public static Command Build()
    {
        var all = new Option<bool>("--all") { Description = "also list .NET processes without the agent (state no-agent)" };
        var json = new Option<bool>("--json") { Description = "one JSON document instead of a table" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "only the pids, one a line (for scripts and shell completion); without --all, only those an attach can reach (not disabled)" };
        var command = new Command(Name, "the .NET processes with the AttachKit agent and the HotSpot JVMs that this user can see; reads /proc only, signals nothing")
        {
            all,
            json,
            quiet,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var listing = AttachTargets.List();
            var shown = result.GetValue(all) ? listing.Targets : [.. listing.Targets.Where(target => target.State != TargetState.NoAgent)];
            await using var stdout = StandardOutput.Open();
            if (result.GetValue(json))
            {
                await stdout.WriteAsync(TargetListJson.Render(shown, listing.Unreadable), cancellationToken);
                return ExitCodes.Success;
            }

            if (result.GetValue(quiet))
            {
                // A pid whose agent is switched off would only ever answer "disabled" (exit 3).
                var pids = result.GetValue(all) ? shown : [.. shown.Where(target => target.State != TargetState.Disabled)];
                await stdout.WriteAsync(TargetListText.RenderPids(pids), cancellationToken);
                return ExitCodes.Success;
            }

            // Names come from other users' processes: escaped for the terminal, as a target's replies are.
            await using (var text = CliOutput.Open(raw: false))
            {
                await text.Text.WriteAsync(TargetListText.Render(shown), cancellationToken);
            }

            await Console.Error.WriteAsync(TargetListText.RenderUnreadable(listing.Unreadable));

            return ExitCodes.Success;
        });
        return command;
    }
}
