using System.Globalization;
using AttachKit.Testing;

namespace AttachKit.Agent.Hosting.Tests;

/// <summary>Loopback HTTP to a target and waiting on its output: what the hosted tests share.</summary>
internal static class Http
{
    /// <summary>A client for the target's loopback address, read from the line it printed (<c>… http://127.0.0.1:port</c>).</summary>
    public static HttpClient ClientFor(TargetApp target)
    {
        var port = target.Output.Split("http://127.0.0.1:")[1].TakeWhile(char.IsAsciiDigit).ToArray();
        return new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{int.Parse(port, CultureInfo.InvariantCulture)}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public static string Text(this TargetApp target) => target.Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits until the target's standard output holds <paramref name="text"/>, or fails showing what it printed.</summary>
    public static async Task WaitForOutputAsync(this TargetApp target, string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!target.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(target.Output.Contains(text, StringComparison.Ordinal), $"'{text}' never appeared; output:\n{target.Output}\n{target.Log}");
    }
}
