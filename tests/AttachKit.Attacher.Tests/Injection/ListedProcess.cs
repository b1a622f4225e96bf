using System.Text.Json;
using AttachKit.Testing;

namespace AttachKit.Attacher.Tests.Injection;

/// <summary>A process as <c>attachkit list --all --json</c> shows it.</summary>
internal static class ListedProcess
{
    public static async Task<JsonElement> FindAsync(int pid)
    {
        var listed = await CliProcess.RunAsync("list", "--all", "--json");
        using var document = JsonDocument.Parse(listed.Stdout);
        return document.RootElement.GetProperty("processes").EnumerateArray()
            .Single(process => process.GetProperty("pid").GetInt32() == pid).Clone();
    }
}
