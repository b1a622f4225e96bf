using System.Net;
using AttachKit.Agent;
using AttachKit.Agent.Hosting;
using AttachKit.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AttachKit.TestTarget;

/// <summary>Scenarios of an app on the Generic Host with the agent installed through the hosting integration.</summary>
internal static class HostedScenarios
{
    /// <summary>
    /// A Generic Host (the IHostBuilder form, default logging to the console) serving HTTP on
    /// loopback, with app commands that behave (<c>echo</c>) and that do not (<c>fail</c> throws,
    /// <c>hang</c> never returns). Arguments and environment are the host's configuration
    /// (<c>AttachKit__CommandTimeout=2</c>…). Prints <c>serving on http://127.0.0.1:port</c>.
    /// </summary>
    public static void Hosted(string[] args)
    {
        var host = Host.CreateDefaultBuilder(args)
            .UseAttachAgent(options => options
                .AddCommand("echo", "writes its arguments back", (request, output, _) =>
                {
                    output.WriteLine(string.Join(' ', request.Arguments));
                    return ReplyStatus.Ok;
                })
                .AddCommand("fail", "throws", (_, _, _) => throw new InvalidOperationException("the cache is on fire"))
                .AddCommand("hang", "never returns, whatever its deadline", (_, _, _) =>
                {
                    Thread.Sleep(Timeout.Infinite);
                    return ReplyStatus.Ok;
                }))
            .ConfigureWebHost(web => web
                .UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0))
                .Configure(app => app.Run(context => context.Response.WriteAsync("pong"))))
            .Build();
        host.Start();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"serving on {address}");
    }
}
