using System.Net;
using AttachKit.Agent.Hosting;
using AttachKit.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog;
using Serilog.Core;
using Serilog.Events;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// What 'attachkit <pid> loglevel' shows and turns: the app's own events, and the framework's.
var appLevel = new LoggingLevelSwitch(LogEventLevel.Information);
var frameworkLevel = new LoggingLevelSwitch(LogEventLevel.Warning);

// Before anything writes to the console (see AddAttachAgent). Options in code here; the
// "AttachKit" section of appsettings.json and the environment comes on top.
builder.Services.AddAttachAgent((options, services) => options
    .AddLevelSwitch("app", appLevel)
    .AddLevelSwitch("framework", frameworkLevel)
    .AddCacheCommands(services.GetRequiredService<ResultCache>()));

// Serilog decides what is written (its switches can change at run time), so the
// Microsoft.Extensions.Logging filter lets everything through to it.
using var log = new LoggerConfiguration()
    .MinimumLevel.ControlledBy(appLevel)
    .MinimumLevel.Override("Microsoft", frameworkLevel)
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateLogger();
builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(log);
builder.Services.AddSingleton<Serilog.ILogger>(log); // the agent logs attaches through it too
builder.Services.AddSingleton(new ResultCache(capacity: 1000));

// Loopback only: the sample is for trying attach, not for the network.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, builder.Configuration.GetValue("Port", 5080)));

var app = builder.Build();
var requests = 0L;

app.MapGet("/primes/{limit:int}", (int limit, ResultCache cache, ILogger<ResultCache> logger) =>
{
    Interlocked.Increment(ref requests);
    if (limit is < 0 or > PrimeCounter.MaxLimit)
    {
        return Results.BadRequest($"limit must be between 0 and {PrimeCounter.MaxLimit}");
    }

    var (count, hit) = cache.GetOrAdd(limit, PrimeCounter.CountUpTo);
    logger.LogDebug("primes up to {Limit}: {Count} (cache {Outcome})", limit, count, hit ? "hit" : "miss");
    return Results.Ok(new { limit, count, cached = hit });
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    log.Information("webapi sample: pid {Pid}, listening on {Address}", Environment.ProcessId, address);
    log.Information("try: curl {Address}/primes/100000; attachkit {Pid} help", address, Environment.ProcessId);
});
app.Lifetime.ApplicationStopping.Register(() => log.Information("webapi sample: stopping after {Requests} requests", Interlocked.Read(ref requests)));

app.Run();
