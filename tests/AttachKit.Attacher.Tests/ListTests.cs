using System.Globalization;
using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests;

[Trait("Category", "Cli")]
public class ListTests
{
    [Fact]
    public async Task AnAgentProcessIsListedDormantUntilSignalledThenListening()
    {
        using var target = await TargetApp.StartAsync("agent");

        var before = Find(await ListJsonAsync(), target.Pid);
        target.Signal("QUIT");
        await target.WaitForSocketAsync();
        var after = Find(await ListJsonAsync(), target.Pid);

        Assert.Equal("dormant", before.GetProperty("state").GetString());
        Assert.False(before.GetProperty("listening").GetBoolean());
        Assert.Equal("listening", after.GetProperty("state").GetString());
        Assert.True(after.GetProperty("listening").GetBoolean());
        Assert.Equal("AttachKit.TestTarget", after.GetProperty("name").GetString());
        Assert.Equal(".net", after.GetProperty("kind").GetString());
        Assert.Equal("root", after.GetProperty("user").GetString());
        Assert.Equal(target.Pid, after.GetProperty("namespacePid").GetInt32());
        Assert.Contains("agent", after.GetProperty("commandLine").EnumerateArray().Select(argument => argument.GetString()));
    }

    [Fact]
    public async Task AProcessWithoutTheAgentIsListedOnlyWithAllAndIsNotSignalled()
    {
        // A plain .NET process dies of SIGQUIT: it surviving two listings proves nobody signalled it.
        using var target = await TargetApp.StartAsync("plain");

        var agentsOnly = await ListJsonAsync();
        var all = await ListJsonAsync("--all");
        await Task.Delay(300);

        Assert.DoesNotContain(target.Pid, Pids(agentsOnly));
        Assert.Equal("no-agent", Find(all, target.Pid).GetProperty("state").GetString());
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task AProcessStartedWithTheAgentSwitchedOffIsListedAsDisabled()
    {
        var options = new TargetOptions { Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } };
        using var target = await TargetApp.StartAsync("agent", [], options);

        Assert.Equal("disabled", Find(await ListJsonAsync(), target.Pid).GetProperty("state").GetString());
    }

    [Fact]
    public async Task QuietLeavesOutAProcessWhoseAgentIsSwitchedOffUnlessAllIsAsked()
    {
        var options = new TargetOptions { Environment = new Dictionary<string, string> { ["ATTACHKIT_DISABLE"] = "1" } };
        using var disabled = await TargetApp.StartAsync("agent", [], options);
        using var enabled = await TargetApp.StartAsync("agent");

        var quiet = (await CliProcess.RunAsync("list", "--quiet")).Stdout.Split('\n');
        var all = (await CliProcess.RunAsync("list", "--quiet", "--all")).Stdout.Split('\n');

        Assert.Contains(Pid(enabled), quiet);
        Assert.DoesNotContain(Pid(disabled), quiet);
        Assert.Contains(Pid(disabled), all);
    }

    [Fact]
    public async Task AProcessInItsOwnPidNamespaceIsListedWithBothPids()
    {
        using var target = await TargetApp.StartAsync("agent", [], new TargetOptions { InOwnNamespaces = true });
        target.Signal("QUIT");

        // Its socket is in its own tmpfs: listening is seen through /proc/<pid>/root.
        var listed = await WaitForStateAsync(target.Pid, "listening");

        Assert.Equal("listening", listed.GetProperty("state").GetString());
        Assert.Equal(1, listed.GetProperty("namespacePid").GetInt32());
        var table = await CliProcess.RunAsync("list");
        var row = table.Stdout.Split('\n').Single(line => line.StartsWith(Pid(target) + " ", StringComparison.Ordinal));
        Assert.Equal([Pid(target), "1", "root"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]);
    }

    [Fact]
    public async Task TheTableHasAHeaderAndARowPerProcessInAlignedColumns()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync("list");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        var header = lines[0];
        Assert.Equal(["PID", "NSPID", "USER", "UPTIME", "KIND", "STATE", "INJECT", "NAME"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines.Single(line => line.StartsWith(Pid(target) + " ", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("KIND", StringComparison.Ordinal), row.IndexOf(".net", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("STATE", StringComparison.Ordinal), row.IndexOf("dormant", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("INJECT", StringComparison.Ordinal), row.IndexOf(" - ", header.IndexOf("STATE", StringComparison.Ordinal), StringComparison.Ordinal) + 1);
        Assert.Equal(header.IndexOf("NAME", StringComparison.Ordinal), row.IndexOf("AttachKit.TestTarget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuietPrintsOnlyThePids()
    {
        using var target = await TargetApp.StartAsync("agent");

        var result = await CliProcess.RunAsync("list", "--quiet");

        Assert.Contains(Pid(target), result.Stdout.Split('\n'));
        Assert.All(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => int.Parse(line, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AnotherUserDoesNotSeeProcessesItMayNotInspectButIsToldHowMany()
    {
        using var target = await TargetApp.StartAsync("agent");
        using var copy = ScratchDirectory.Create();
        var cli = CliProcess.CopyTo(copy.Path);

        var json = await OtherUser.RunAsNobodyAsync([.. cli, "list", "--all", "--json"]);
        var text = await OtherUser.RunAsNobodyAsync([.. cli, "list"]);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var listing = JsonDocument.Parse(json.Stdout);
        Assert.DoesNotContain(target.Pid, Pids(listing.RootElement));
        Assert.True(listing.RootElement.GetProperty("unreadable").GetInt32() >= 1);
        var hidden = listing.RootElement.GetProperty("unreadableProcesses").EnumerateArray().Single(process => process.GetProperty("pid").GetInt32() == target.Pid);
        Assert.Equal(0, hidden.GetProperty("uid").GetInt32());
        Assert.Equal($"another user's process: only its owner and root may read its /proc/{target.Pid}/maps", hidden.GetProperty("reason").GetString());
        Assert.Contains("processes not shown: other users' processes, whose /proc/<pid>/maps only their owner and root may read", text.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FewProcessesLeftOutAreEachNamedWithWhy()
    {
        // Root is kept from a process holding capabilities it lacks (a container's init, seen from inside it).
        var text = AttachKit.Cli.Rendering.TargetListText.RenderUnreadable([new UnreadableProcess(1, 0, "init", "it holds capabilities this attachkit lacks")]);

        Assert.Equal("attachkit: pid 1 (init, uid 0) not shown: it holds capabilities this attachkit lacks\n", text);
        Assert.Equal("", AttachKit.Cli.Rendering.TargetListText.RenderUnreadable([]));
    }

    [Fact]
    public void TheNameOfAProcessLeftOutIsEscapedForTheTerminal()
    {
        // comm is the process's own to set (prctl PR_SET_NAME): another user's process may name itself an escape sequence.
        var text = AttachKit.Cli.Rendering.TargetListText.RenderUnreadable([new UnreadableProcess(7, 65534, "\u001b]0;owned\u0007", "another user's process")]);

        Assert.Equal("attachkit: pid 7 (\\x1b]0;owned\\x07, uid 65534) not shown: another user's process\n", text);
    }

    [Fact]
    public async Task AJvmIsListedByItsMainClassDormantUntilAnAttachStartsItsListenerAndListingNeverSignalsIt()
    {
        using var jvm = JvmTarget.Start();

        var before = Find(await ListJsonAsync(), jvm.Pid);
        var text = await CliProcess.RunAsync("list");
        var attach = await CliProcess.RunAsync(jvm.Pid.ToString(CultureInfo.InvariantCulture), "properties");
        var after = Find(await ListJsonAsync(), jvm.Pid);

        Assert.Equal("jvm", before.GetProperty("kind").GetString());
        Assert.Equal("Sleeper", before.GetProperty("name").GetString());
        Assert.Equal("dormant", before.GetProperty("state").GetString());
        Assert.Matches($"(?m)^{jvm.Pid} +- +root +[0-9:]+ +jvm +dormant +- +Sleeper$", text.Stdout);
        Assert.True(attach.ExitCode == 0, attach.ToString());
        Assert.Equal("listening", after.GetProperty("state").GetString());
        Assert.DoesNotContain("Full thread dump", jvm.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJvmWithoutAnAttachMechanismIsListedDisabled()
    {
        using var jvm = JvmTarget.Start(new JvmOptions { JvmArguments = ["-XX:+DisableAttachMechanism"] });

        var listed = AttachTargets.List().Targets.Single(process => process.Pid == jvm.Pid);

        Assert.Equal(TargetRuntime.HotSpot, listed.Runtime);
        Assert.Equal(TargetState.Disabled, listed.State);
    }

    [Fact]
    public async Task TheLibraryListsATargetWithItsUserUptimeAndCommandLine()
    {
        using var target = await TargetApp.StartAsync("agent");

        var listed = AttachTargets.List().Targets.Single(process => process.Pid == target.Pid);

        Assert.Equal(TargetState.Dormant, listed.State);
        Assert.True(listed.CanAttach);
        Assert.Equal(0, listed.Uid);
        Assert.InRange(listed.Uptime, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.InRange(listed.StartTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        Assert.EndsWith("AttachKit.TestTarget.dll", listed.CommandLine[1], StringComparison.Ordinal);
        Assert.DoesNotContain(AttachTargets.List().Targets, process => process.Pid == Environment.ProcessId);
    }

    [Fact]
    public async Task TheJsonListShowsCommandLinesWithTheirSecretsHidden()
    {
        using var target = await TargetApp.StartAsync("agent", ["--", "--db-password=list-db-secret", "--api-token", "list-token-secret", "--port", "80"], new TargetOptions());

        var result = await CliProcess.RunAsync(["list", "--json"], timeout: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("list-db-secret", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("list-token-secret", result.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(result.Stdout);
        var commandLine = Find(document.RootElement, target.Pid).GetProperty("commandLine").EnumerateArray().Select(argument => argument.GetString());
        Assert.Equal(["--db-password=<redacted>", "--api-token", "<redacted>", "--port", "80"], commandLine.TakeLast(5));
    }

    private static async Task<JsonElement> ListJsonAsync(params string[] options)
    {
        var result = await CliProcess.RunAsync(["list", "--json", .. options], timeout: null);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForStateAsync(int pid, string state)
    {
        for (var attempt = 0; ; attempt++)
        {
            var listing = await ListJsonAsync();
            if (Pids(listing).Contains(pid) && Find(listing, pid).GetProperty("state").GetString() == state || attempt == 50)
            {
                return Find(listing, pid);
            }

            await Task.Delay(100);
        }
    }

    private static JsonElement Find(JsonElement listing, int pid)
        => listing.GetProperty("processes").EnumerateArray().Single(process => process.GetProperty("pid").GetInt32() == pid);

    private static IEnumerable<int> Pids(JsonElement listing)
        => listing.GetProperty("processes").EnumerateArray().Select(process => process.GetProperty("pid").GetInt32()).ToList();

    private static string Pid(TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);
}
