using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class AssembliesCommandTests
{
    [Fact]
    public async Task AssembliesShowsFilesLoadContextsAndAssembliesLoadedFromBytes()
    {
        using var target = await TargetApp.StartAsync("runtime");
        await target.SendAsync("load-bytes");

        var json = await Attach.JsonAsync(target, "assemblies");

        var assemblies = json.GetProperty("assemblies").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("count").GetInt32(), assemblies.Count);
        var agent = assemblies.Single(a => a.GetProperty("name").GetString() == "AttachKit.Agent");
        Assert.EndsWith("/AttachKit.Agent.dll", agent.GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.Equal("Default", agent.GetProperty("loadContext").GetString());
        Assert.Equal("0.1.0.0", agent.GetProperty("version").GetString());
        var targets = assemblies.Where(a => a.GetProperty("name").GetString() == "AttachKit.TestTarget").ToList();
        Assert.Contains(targets, a => a.GetProperty("location").GetString() == "in-memory" && a.GetProperty("loadContext").GetString() != "Default");
    }
}
