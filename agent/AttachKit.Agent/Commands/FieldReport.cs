using System.Globalization;
using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// An ordered list of named facts, rendered as aligned <c>Label: value</c> lines, or as one JSON
/// object with camelCase keys: one model, both formats, so they cannot drift apart.
/// </summary>
internal sealed class FieldReport
{
    private readonly List<(string Key, string Label, object? Value)> _fields = [];

    public FieldReport Add(string key, string label, object? value)
    {
        _fields.Add((key, label, value));
        return this;
    }

    public void WriteTo(CommandContext context)
    {
        if (context.Format == ReplyFormat.Json)
        {
            using var json = new Utf8JsonWriter(context.Output, JsonValues.WriterOptions);
            json.WriteStartObject();
            foreach (var (key, _, value) in _fields)
            {
                json.WritePropertyName(key);
                JsonValues.Write(json, value);
            }

            json.WriteEndObject();
            json.Flush();
            context.Output.WriteByte((byte)'\n');
            return;
        }

        var width = _fields.Count == 0 ? 0 : _fields.Max(field => field.Label.Length) + 1;
        var text = new StringBuilder();
        foreach (var (_, label, value) in _fields)
        {
            text.Append((label + ":").PadRight(width)).Append(' ').Append(FormatText(value)).Append('\n');
        }

        context.Output.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string FormatText(object? value) => value switch
    {
        null => "-",
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture),
        TimeSpan span => Durations.Format(span),
        IEnumerable<string> items when value is not string => string.Join(' ', items),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
