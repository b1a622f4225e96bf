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
    private IReadOnlyDictionary<string, string> _facts = new Dictionary<string, string>();

    public TargetApp Target => _target!;

    public string Pid => Target.Pid.ToString(CultureInfo.InvariantCulture);

    public int Fd(string name) => int.Parse(_facts[name], CultureInfo.InvariantCulture);

    public string Fact(string name) => _facts[name];

    public async Task InitializeAsync()
    {
        _target = await TargetApp.StartAsync("fds");
        _facts = _target.Facts("fds");
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
