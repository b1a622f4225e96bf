using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AttachKit.Agent.Commands;

/// <summary>Writes the plain values commands report as JSON, without reflection.</summary>
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
            case double number:
                json.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                json.WriteStringValue(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                json.WriteNumberValue(Math.Round(span.TotalSeconds, 3));
                break;
            case IEnumerable<string> items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    json.WriteStringValue(item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
