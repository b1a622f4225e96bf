using System.Text.Json;
using AttachKit.Redaction;
using AttachKit.Attacher;

namespace AttachKit.Cli.Rendering;

/// <summary>
/// <c>attachkit list --json</c>: <c>{"processes": [{"pid": …, …}], "unreadable": N, "unreadableProcesses": [{"pid": …, "uid": …, "name": …, "reason": …}]}</c> (docs/COMMANDS.md).
/// Command lines are shown with their secrets hidden, as the agent's <c>version</c> shows its own: a
/// listing gets pasted into tickets and chats.
/// </summary>
internal static class TargetListJson
{
    public static byte[] Render(IReadOnlyList<AttachTarget> targets, IReadOnlyList<UnreadableProcess> unreadable)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("processes");
            foreach (var target in targets)
            {
                writer.WriteStartObject();
                writer.WriteNumber("pid", target.Pid);
                writer.WriteNumber("namespacePid", target.NamespacePid);
                writer.WriteNumber("uid", target.Uid);
                writer.WriteString("user", target.User);
                writer.WriteBoolean("otherUserNamespace", target.InOtherUserNamespace);
                writer.WriteString("kind", TargetListText.KindName(target.Runtime));
                writer.WriteString("name", target.Name);
                writer.WriteString("state", TargetListText.StateName(target.State));
                writer.WriteBoolean("listening", target.State == TargetState.Listening);
                if (target.State == TargetState.NoAgent)
                {
                    writer.WriteBoolean("injectable", target.Injectable);
                    writer.WriteString("notInjectableBecause", target.NotInjectableBecause);
                }

                writer.WriteString("startTime", target.StartTime);
                writer.WriteNumber("uptimeSeconds", Math.Round(target.Uptime.TotalSeconds, 2));
                writer.WriteStartArray("commandLine");
                foreach (var argument in SecretRedactor.RedactCommandLine(target.CommandLine))
                {
                    writer.WriteStringValue(argument);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("unreadable", unreadable.Count);
            writer.WriteStartArray("unreadableProcesses");
            foreach (var process in unreadable)
            {
                writer.WriteStartObject();
                writer.WriteNumber("pid", process.Pid);
                writer.WriteNumber("uid", process.Uid);
                writer.WriteString("name", process.Name);
                writer.WriteString("reason", process.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
