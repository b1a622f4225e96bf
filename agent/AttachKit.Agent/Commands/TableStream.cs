using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// A table sent one row at a time, each row on its way to the client as soon as it is written
/// (<c>counters --interval</c>, like vmstat). Text: the preamble's lines, a header, then a line per
/// row at the columns' fixed widths. JSON: one object, the preamble's fields then an array of rows,
/// closed by <see cref="End"/>.
/// </summary>
internal sealed class TableStream : IDisposable
{
    private readonly CommandContext _context;
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly int[] _widths;
    private readonly Utf8JsonWriter? _json;

    private TableStream(CommandContext context, IReadOnlyList<TableColumn> columns)
    {
        _context = context;
        _columns = columns;
        _widths = columns.Select(column => Math.Max(column.Width, column.Header!.Length)).ToArray();
        _json = context.Format == ReplyFormat.Json ? new Utf8JsonWriter(context.Output, JsonValues.WriterOptions) : null;
    }

    public static TableStream Begin(CommandContext context, FieldReport preamble, string rowsKey, IReadOnlyList<TableColumn> columns)
    {
        var stream = new TableStream(context, columns);
        if (stream._json is { } json)
        {
            json.WriteStartObject();
            preamble.WriteJsonFields(json);
            json.WriteStartArray(rowsKey);
            json.Flush();
        }
        else
        {
            var text = new StringBuilder();
            preamble.AppendText(text, "");
            ReportTable.AppendHeader(text, "", columns, stream._widths);
            stream.Send(text);
        }

        context.Output.Flush();
        return stream;
    }

    public void WriteRow(params object?[] values)
    {
        if (_json is { } json)
        {
            ReportTable.WriteRowJson(json, _columns, values);
            json.Flush();
        }
        else
        {
            var text = new StringBuilder();
            ReportTable.AppendCells(text, "", _columns, _widths, values.Select(TextValues.Format).ToArray());
            Send(text);
        }

        _context.Output.Flush();
    }

    /// <summary>Closes the JSON document; text needs no end.</summary>
    public void End()
    {
        if (_json is { } json)
        {
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            _context.Output.WriteByte((byte)'\n');
        }
    }

    public void Dispose() => _json?.Dispose();

    private void Send(StringBuilder text) => _context.Output.Write(Encoding.UTF8.GetBytes(text.ToString()));
}
