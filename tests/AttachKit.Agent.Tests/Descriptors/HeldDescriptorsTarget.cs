using System.Globalization;
using System.Text.Json;
using AttachKit.Attacher;
using AttachKit.Protocol;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Descriptors;

/// <summary>
/// One target of the "fds" scenario for a class of tests: a TCP listener, a held file, a pipe and a
/// deleted file, with the numbers it printed.
/// </summary>
public sealed class HeldDescriptorsTarget : IAsyncLifetime
{
    private TargetApp? _target;
    private Dictionary<string, string> _facts = [];

    public TargetApp Target => _target!;

    public string Pid => Target.Pid.ToString(CultureInfo.InvariantCulture);

    public int Fd(string name) => int.Parse(_facts[name], CultureInfo.InvariantCulture);

    public string Fact(string name) => _facts[name];

    public async Task InitializeAsync()
    {
        _target = await TargetApp.StartAsync("fds");
        var line = _target.Output.Split('\n').Single(line => line.StartsWith("fds ", StringComparison.Ordinal));
        _facts = line[4..].Trim().Split(' ').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }

    public Task DisposeAsync()
    {
        _target?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The target's <c>fds --json</c>, by descriptor number.</summary>
    public async Task<Dictionary<int, JsonElement>> ListAsync()
    {
        var json = await new AttachClient().RunAsync(Target.Pid, "fds", format: ReplyFormat.Json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("descriptors").EnumerateArray()
            .ToDictionary(row => row.GetProperty("fd").GetInt32(), row => row.Clone());
    }
}
