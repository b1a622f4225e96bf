namespace AttachKit.Testing;

/// <summary>A raw client, exactly as docs/PROTOCOL.md shows it: bytes in through socat, the reply bytes out.</summary>
public static class Socat
{
    public static Task<RunResult> SendAsync(string socketPath, string request)
        => ProcessRunner.RunAsync(Command(socketPath), request, TimeSpan.FromSeconds(30));

    public static IReadOnlyList<string> Command(string socketPath) => ["socat", "-t", "10", "-", $"UNIX-CONNECT:{socketPath}"];
}
