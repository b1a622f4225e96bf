using System.Buffers;
using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// Rows of one kind, rendered as an aligned text table, or as one JSON object holding the pid, the
/// row count and an array of row objects with camelCase keys: one model, both formats. A column may
/// show in one format only (a composed text column, a raw JSON field).
/// </summary>
internal sealed class TableReport<TRow>(string arrayKey)
{
    private readonly List<Column> _columns = [];

    /// <summary>A column in both formats: its JSON key and value, its text header and text.</summary>
    public TableReport<TRow> Add(string key, string header, Func<TRow, object?> value, Func<TRow, string> text, bool rightAligned = false)
    {
        _columns.Add(new Column(key, header, value, text, rightAligned));
        return this;
    }

    /// <summary>A field of the JSON objects only.</summary>
    public TableReport<TRow> AddJson(string key, Func<TRow, object?> value)
    {
        _columns.Add(new Column(key, null, value, null, false));
        return this;
    }

    /// <summary>A column of the text table only.</summary>
    public TableReport<TRow> AddText(string header, Func<TRow, string> text)
    {
        _columns.Add(new Column(null, header, null, text, false));
        return this;
    }

    public void WriteTo(CommandContext context, IReadOnlyList<TRow> rows)
        => context.Output.Write(Render(context.Format, rows, rowStarts: null));

    /// <summary>Renders the whole report; <paramref name="rowStarts"/>, when given, gets the offset where each row begins.</summary>
    public byte[] Render(ReplyFormat format, IReadOnlyList<TRow> rows, List<int>? rowStarts)
        => format == ReplyFormat.Json ? RenderJson(rows, rowStarts) : RenderText(rows, rowStarts);

    private byte[] RenderJson(IReadOnlyList<TRow> rows, List<int>? rowStarts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteNumber("count", rows.Count);
            json.WriteStartArray(arrayKey);
            foreach (var row in rows)
            {
                json.Flush();
                rowStarts?.Add(buffer.WrittenCount);
                json.WriteStartObject();
                foreach (var column in _columns.Where(column => column.Key is not null))
                {
                    json.WritePropertyName(column.Key!);
                    JsonValues.Write(json, column.Value!(row));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private byte[] RenderText(IReadOnlyList<TRow> rows, List<int>? rowStarts)
    {
        var columns = _columns.Where(column => column.Header is not null).ToList();
        var cells = rows.Select(row => columns.Select(column => column.Text!(row)).ToArray()).ToList();
        var widths = columns.Select((column, i) => cells.Select(cell => cell[i].Length).Append(column.Header!.Length).Max()).ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        AppendLine(buffer, columns, widths, columns.Select(column => column.Header!).ToArray());
        foreach (var cell in cells)
        {
            rowStarts?.Add(buffer.WrittenCount);
            AppendLine(buffer, columns, widths, cell);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void AppendLine(ArrayBufferWriter<byte> buffer, List<Column> columns, int[] widths, string[] values)
    {
        var line = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var last = i == columns.Count - 1;
            var value = columns[i].RightAligned ? values[i].PadLeft(widths[i]) : last ? values[i] : values[i].PadRight(widths[i]);
            line.Append(value).Append(last ? "\n" : "  ");
        }

        Encoding.UTF8.GetBytes(line.ToString(), buffer);
    }

    private sealed record Column(string? Key, string? Header, Func<TRow, object?>? Value, Func<TRow, string>? Text, bool RightAligned);
}
