using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AttachKit.Agent.Commands;

/// <summary>Writes the plain values commands report as JSON, without reflection; the counterpart of <see cref="TextValues"/>.</summary>
internal static class JsonValues
{
    /// <summary>Indented, and without escaping '+', '&lt;' or non-ASCII text: the output is read by people and tools, never embedded in HTML.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int or long or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                json.WriteNumberValue(number);
                break;
            case double number:
                json.WriteNumberValue(number);
                break;
            case ByteSize size:
                json.WriteNumberValue(size.Bytes);
                break;
            case DateTimeOffset time:
                json.WriteStringValue(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case ClockTime clock:
                json.WriteStringValue(clock.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                // Seconds, to the microsecond: GC pauses are fractions of a millisecond.
                json.WriteNumberValue(Math.Round(span.TotalSeconds, 6));
                break;
            case IReportPart part:
                part.WriteJson(json);
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
