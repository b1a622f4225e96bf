using System.Globalization;
using System.Text;
using System.Text.Json;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.Inspection;

/// <summary>
/// What every command read from outside writes: its report, and how long the process was held still
/// (in JSON the report's first fields <c>pausedMilliseconds</c> and <c>threadsNotStopped</c>; in text a last line).
/// </summary>
internal static class InspectionOutput
{
    public static void Write(Stream output, bool json, InspectionPause pause, Action<TextWriter> writeText, Action<Utf8JsonWriter, Action<Utf8JsonWriter>> writeJson)
    {
        if (json)
        {
            using (var writer = new Utf8JsonWriter(output, JsonOutput.Options))
            {
                writeJson(writer, header => Header(header, pause));
            }

            output.WriteByte((byte)'\n');
            return;
        }

        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writeText(text);
        text.Write(string.Create(CultureInfo.InvariantCulture, $"\nProcess {pause.Pid} was held still for {pause.Paused.TotalMilliseconds:0} ms while it was read."));
        if (pause.NotStopped.Count > 0)
        {
            text.Write($" Threads that did not stop (their stacks are missing): {string.Join(", ", pause.NotStopped)}.");
        }

        text.Write('\n');
    }

    private static void Header(Utf8JsonWriter json, InspectionPause pause)
    {
        json.WriteNumber("pausedMilliseconds", Math.Round(pause.Paused.TotalMilliseconds, 1));
        json.WriteStartArray("threadsNotStopped");
        foreach (var tid in pause.NotStopped)
        {
            json.WriteNumberValue(tid);
        }

        json.WriteEndArray();
    }
}
