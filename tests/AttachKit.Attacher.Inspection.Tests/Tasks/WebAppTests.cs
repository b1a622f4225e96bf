using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AttachKit.Attacher.Inspection.Tasks;
using AttachKit.Testing;

namespace AttachKit.Attacher.Inspection.Tests.Tasks;

/// <summary>An ASP.NET Core app (AttachKit.PlainWebApp) holding 1000 requests that never complete.</summary>
public class WebAppTests
{
    private const int Requests = 1000;

    [Fact]
    public async Task ThousandIdenticalPendingRequestsAreOneGroup()
    {
        using var app = await UnmodifiedApps.StartAsync(UnmodifiedApps.Web);
        var port = int.Parse(app.Output.Split('\n').First(line => line.StartsWith("ready ", StringComparison.Ordinal))[6..].Trim(), CultureInfo.InvariantCulture);
        var connections = new List<Socket>();
        try
        {
            // The first request through routing waits for its matcher to be built, an await of its own:
            // one request that completes first, so that every pending one has the same chain.
            using (var http = new HttpClient())
            {
                Assert.StartsWith("served by pid", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")), StringComparison.Ordinal);
            }

            var request = Encoding.ASCII.GetBytes("GET /pending HTTP/1.1\r\nHost: localhost\r\n\r\n");
            for (var i = 0; i < Requests; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                connections.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(request);
            }

            // The requests reach the endpoint as the server gets to them: read until all have.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            AsyncChainGroup? group;
            PendingTasksReport report;
            do
            {
                await Task.Delay(200);
                report = Inspection.Of(app.Pid);
                group = report.Groups.FirstOrDefault(group => group.Frames.Any(frame => frame.Name == "PendingRequests.HandleAsync"));
            }
            while ((group?.Count ?? 0) < Requests && DateTime.UtcNow < deadline);

            var text = new StringWriter();
            PendingTasksText.Write(report, text);
            Assert.True(report.Groups.Count(group => group.Frames.Any(frame => frame.Name == "PendingRequests.HandleAsync")) == 1, text.ToString());
            Assert.NotNull(group);
            Assert.Equal(Requests, group.Count);
            Assert.Equal(report.Groups[0].Count, group.Count);
            Assert.Equal(["PendingRequests.WaitAsync", "PendingRequests.HandleAsync"], group.Frames.Take(2).Select(frame => frame.Name));
            Assert.Equal(AwaitKind.TaskCompletionSource, group.Awaiting.Kind);
            Assert.True(group.Frames.Count > 2, "the chain goes on into ASP.NET Core's own methods");
            Assert.False(app.HasExited);
        }
        finally
        {
            foreach (var socket in connections)
            {
                socket.Dispose();
            }
        }
    }
}
