using System.Text.Json;
using AttachKit.Cli.Rendering;
using AttachKit.Protocol;

namespace AttachKit.Cli;

/// <summary>
/// How attachkit reports a failure: <c>attachkit: &lt;message&gt;</c> on stderr, always; with --json
/// also one JSON document on stdout, so that <c>attachkit … --json | jq</c> reads an answer either way:
/// <c>{"error": {"exitCode": 6, "status": {"code": 3, "message": "…"}, "message": "…"}}</c>, where
/// <c>status</c> is the agent's status line when the agent answered, else null.
/// </summary>
internal static class FailureReport
{
    public static async Task<int> WriteAsync(bool json, int exitCode, string message, ReplyStatus? status = null)
    {
        // What a target said can be in the message: escaped, whatever stderr is.
        await Console.Error.WriteLineAsync($"attachkit: {TerminalSafeStream.EscapeLine(message)}");
        if (json)
        {
            await using var stdout = StandardOutput.Open();
            await stdout.WriteAsync(Render(exitCode, message, status));
            await stdout.FlushAsync();
        }

        return exitCode;
    }

    /// <summary>The JSON error document, a line feed at its end.</summary>
    public static byte[] Render(int exitCode, string message, ReplyStatus? status)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("exitCode", exitCode);
            if (status is { } agent)
            {
                writer.WriteStartObject("status");
                writer.WriteNumber("code", (int)agent.Code);
                writer.WriteString("message", agent.Message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("status");
            }

            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
