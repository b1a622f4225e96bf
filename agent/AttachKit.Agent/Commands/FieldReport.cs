using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// An ordered list of named facts, rendered as aligned <c>Label: value</c> lines, or as one JSON
/// object with camelCase keys: one model, both formats, so they cannot drift apart. A value may be
/// another part (a nested <see cref="FieldReport"/> or a <see cref="ReportTable"/>): text shows it
/// indented under its label, JSON as a nested object or array.
/// </summary>
internal sealed class FieldReport : IReportPart
{
    private readonly List<(string Key, string Label, object? Value)> _fields = [];

    public FieldReport Add(string key, string label, object? value)
    {
        _fields.Add((key, label, value));
        return this;
    }

    public void WriteTo(CommandContext context) => Write(context, this);

    /// <summary>Writes a whole reply body in the format the client asked for.</summary>
    public static void Write(CommandContext context, IReportPart part)
    {
        if (context.Format == ReplyFormat.Json)
        {
            WriteAsJson(context, part);
            return;
        }

        var text = new StringBuilder();
        part.AppendText(text, "");
        context.Output.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    // A method of its own, so that a text reply never loads System.Text.Json: the JIT loads the
    // assemblies of the types a method names when it compiles the method, whether or not that code runs.
    private static void WriteAsJson(CommandContext context, IReportPart part)
    {
        using var json = new Utf8JsonWriter(context.Output, JsonValues.WriterOptions);
        part.WriteJson(json);
        json.Flush();
        context.Output.WriteByte((byte)'\n');
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        WriteJsonFields(json);
        json.WriteEndObject();
    }

    /// <summary>Writes the fields as properties of an object the caller has opened.</summary>
    public void WriteJsonFields(Utf8JsonWriter json)
    {
        foreach (var (key, _, value) in _fields)
        {
            json.WritePropertyName(key);
            JsonValues.Write(json, value);
        }
    }

    public void AppendText(StringBuilder text, string indent)
    {
        if (_fields.Count == 0)
        {
            return;
        }

        // A loop, not LINQ: LINQ over these tuples is generic code the JIT would compile afresh for them, on
        // the first attach's path (docs/INTERNALS.md, "The agent's first attach").
        var width = 0;
        foreach (var (_, label, value) in _fields)
        {
            width = value is IReportPart ? width : Math.Max(width, label.Length);
        }

        width++;
        foreach (var (_, label, value) in _fields)
        {
            if (value is IReportPart part)
            {
                text.Append(indent).Append(label).Append(":\n");
                part.AppendText(text, indent + "  ");
                continue;
            }

            text.Append(indent).Append((label + ":").PadRight(width)).Append(' ').Append(TextValues.Format(value)).Append('\n');
        }
    }
}
