using System.Text.Json;
using AttachKit.Attacher.Jvm;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.Jvm;

/// <summary>
/// <c>--json</c> on a HotSpot JVM: the JVM answers in its own text, which goes into one JSON document
/// with what was asked, so that a script reads every target the same way (docs/COMMANDS.md).
/// </summary>
internal static class JvmReplyJson
{
    public static async Task WriteAsync(Stream output, int pid, string command, HotSpotRequest? request, string text, CancellationToken cancellationToken)
    {
        await using (var writer = new Utf8JsonWriter(output, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("pid", pid);
            writer.WriteString("target", "hotspot");
            writer.WriteString("command", command);
            if (request is null)
            {
                writer.WriteStartArray("commands");
                foreach (var name in JvmCommands.Names)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartObject("request");
                writer.WriteString("command", request.Command);
                writer.WriteStartArray("arguments");
                foreach (var argument in request.Arguments)
                {
                    writer.WriteStringValue(argument);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteString("output", text);
            writer.WriteEndObject();
        }

        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }
}
