using System.Net.Sockets;
using AttachKit.Testing;

namespace AttachKit.Hardening.Tests.Squatting;

/// <summary>
/// Refused connections (another uid; busy) cost the agent's log a bounded number of lines, with a
/// summary: never a line per attempt, which anyone who can connect could use to fill the app's disk
/// and drown its own log.
/// </summary>
[Trait("Category", "Cli")]
public class RefusalLogTests
{
    private const int FewLines = 50;

    private const string FloodScript = """
        import socket, sys
        path, count = sys.argv[1], int(sys.argv[2])
        connected = 0
        for _ in range(count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                connected += 1
            except OSError as e:
                print("error", e.errno, flush=True)
            s.close()
        print("connected", connected, flush=True)
        """;

    [Fact]
    public async Task AnotherUsersThousandsOfRefusedConnectionsLeaveAFewLogLinesAndTheAgentServing()
    {
        using var target = await ListeningAsync();
        var socket = OpenToEveryone(AgentSocket(target));
        var before = LogLines(target).Count;

        var flood = await ProcessRunner.RunAsync(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/bin/python3", "-c", FloodScript, socket, "3000"],
            timeout: TimeSpan.FromSeconds(120));
        Assert.True(flood.Stdout.EndsWith("connected 3000\n", StringComparison.Ordinal), flood.ToString());
        var lines = await SettledAsync(target, before, "65534");
        var after = await CliProcess.RunAsync(target.Text(), "version");

        Assert.True(lines.Count < FewLines, $"{lines.Count} log lines for 3000 refused connections:\n{string.Join('\n', lines.Take(5))}");
        Assert.Contains(lines, line => line.Contains("65534", StringComparison.Ordinal));
        Assert.True(after.ExitCode == 0, after.ToString() + target.Log);
    }

    [Fact]
    public async Task TheOwnersThousandsOfConnectionsRefusedAsBusyLeaveAFewLogLines()
    {
        using var target = await ListeningAsync();
        var socket = AgentSocket(target);
        var before = LogLines(target).Count;
        var idle = new List<Socket>();
        try
        {
            // The agent's 16 slots (its default MaxConnections), held by connections that send nothing
            // until its 5 s request deadline: every other connection meanwhile is refused as busy.
            for (var i = 0; i < 16; i++)
            {
                idle.Add(await RawClient.ConnectAsync(socket));
            }

            var busy = await RawClient.ExchangeAsync(socket, [], TimeSpan.FromSeconds(5));
            Assert.True(busy.StartsWith("9 ", StringComparison.Ordinal), $"16 idle connections did not take every slot: {busy}");
            for (var i = 0; i < 2000; i++)
            {
                using var connection = await RawClient.ConnectAsync(socket);
            }

            // Still busy: none of the 2000 was served instead of refused.
            var stillBusy = await RawClient.ExchangeAsync(socket, [], TimeSpan.FromSeconds(5));
            Assert.True(stillBusy.StartsWith("9 ", StringComparison.Ordinal), $"a slot freed up during the flood (did it outlast the agent's 5 s request deadline?), so some connections were served, not refused: {stillBusy}");
        }
        finally
        {
            idle.ForEach(connection => connection.Dispose());
        }

        var lines = await SettledAsync(target, before, expected: null);

        Assert.True(lines.Count < FewLines, $"{lines.Count} log lines for 2000 connections refused as busy:\n{string.Join('\n', lines.Take(5))}");
    }

    // The agent, its listener up after one attach, which it has logged.
    private static async Task<TargetApp> ListeningAsync()
    {
        var target = await TargetApp.StartAsync("agent");
        var first = await CliProcess.RunAsync(target.Text(), "version");
        Assert.True(first.ExitCode == 0, first.ToString() + target.Log);
        await target.WaitForLogAsync("uid 0: version -> 0 ok");
        await Task.Delay(300);
        return target;
    }

    // Where the agent listens: its socket in TMPDIR, or one it made in a directory of its own there.
    private static string AgentSocket(TargetApp target)
    {
        var candidates = Directory.EnumerateFileSystemEntries(target.SocketDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
            .Where(path => !Path.GetFileName(path).StartsWith("dotnet-diagnostic-", StringComparison.Ordinal))
            .Where(path => Entry.Of(path) is { Type: Mono.Unix.FileTypes.Socket, OwnerUid: 0 });
        return File.Exists(target.SocketPath) ? target.SocketPath : candidates.FirstOrDefault() ?? throw new InvalidOperationException($"no socket of the agent's in {target.SocketDirectory}:\n{target.Log}");
    }

    // Lets any user connect, as an operator might (chmod), so that another user's connections reach
    // the agent at all: the socket 0666, its directory, if not TMPDIR itself, searchable by all.
    private static string OpenToEveryone(string socket)
    {
        File.SetUnixFileMode(socket, (UnixFileMode)Convert.ToInt32("666", 8));
        var directory = Path.GetDirectoryName(socket)!;
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.OtherExecute);
        return socket;
    }

    private static List<string> LogLines(TargetApp target) => target.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    // The log lines written since line <before>, once a line holding <expected> (if any) is among them (a
    // summary may come a little later; at most 15 s) and no new line has come for 2 s (at most 30 s in all).
    private static async Task<List<string>> SettledAsync(TargetApp target, int before, string? expected)
    {
        var started = DateTime.UtcNow;
        var count = -1;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
        {
            var lines = LogLines(target);
            if (lines.Count != count)
            {
                count = lines.Count;
                quietSince = DateTime.UtcNow;
            }

            var seen = expected is null || lines.Skip(before).Any(line => line.Contains(expected, StringComparison.Ordinal));
            if ((seen || DateTime.UtcNow - started > TimeSpan.FromSeconds(15)) && DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(2))
            {
                break;
            }

            await Task.Delay(100);
        }

        return LogLines(target).Skip(before).ToList();
    }
}
