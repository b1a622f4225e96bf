// An ASP.NET Core app with no reference to AttachKit, on 127.0.0.1 and a free port. It answers "served by
// pid <pid>" and prints "ready <port>" once it listens; it stops when its standard input ends. Requests to
// /pending never complete (PendingRequests): what `attachkit <pid> tasks` finds in a server under load.
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapGet("/", () => $"served by pid {Environment.ProcessId}");
app.MapGet("/pending", PendingRequests.HandleAsync);
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"ready {new Uri(address).Port}");
var input = new Thread(() =>
{
    while (Console.ReadLine() is { } line)
    {
        Console.WriteLine($"done {line}");
    }

    app.Lifetime.StopApplication();
})
{ IsBackground = true };
input.Start();
await app.WaitForShutdownAsync();

/// <summary>An endpoint whose requests wait for something that never happens, two async methods deep.</summary>
internal static class PendingRequests
{
    private static readonly TaskCompletionSource Never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<string> HandleAsync() => await WaitAsync();

    private static async Task<string> WaitAsync()
    {
        await Never.Task;
        return "never";
    }
}
