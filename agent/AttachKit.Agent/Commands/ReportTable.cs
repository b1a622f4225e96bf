using System.Buffers;
using System.Text;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>A column of a <see cref="ReportTable"/>: its JSON key, its text header, and how text aligns it.</summary>
/// <param name="Key">The camelCase JSON key; null for a column of the text only (a composed text column).</param>
/// <param name="Header">The text header (shown in capitals); null for a field of the JSON only (a raw value).</param>
/// <param name="Width">The least text width; a streamed table cannot measure its rows, so it uses this.</param>
/// <param name="AlignRight">Numbers read better right-aligned.</param>
internal readonly record struct TableColumn(string? Key, string? Header, int Width = 0, bool AlignRight = false)
{
    public static TableColumn JsonOnly(string key) => new(key, null);

    public static TableColumn TextOnly(string header) => new(null, header);
}

/// <summary>
/// Rows of values under named columns: text shows aligned columns under a header line, JSON an
/// array of objects keyed by the columns. One model, both formats; a table nests in a
/// <see cref="FieldReport"/> or is a whole reply (<see cref="Render"/>).
/// </summary>
internal sealed class ReportTable(params TableColumn[] columns) : IReportPart
{
    private readonly List<object?[]> _rows = [];
    private readonly TableColumn[] _jsonColumns = columns.Where(column => column.Key is not null).ToArray();
    private readonly TableColumn[] _textColumns = columns.Where(column => column.Header is not null).ToArray();

    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public int Count => _rows.Count;

    public ReportTable AddRow(params object?[] values)
    {
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"a row of {Columns.Count} columns got {values.Length} values");
        }

        _rows.Add(values);
        return this;
    }

    public void WriteJson(Utf8JsonWriter json) => WriteJson(json, rowStarts: null, flushed: null);

    public void AppendText(StringBuilder text, string indent) => AppendText(text, indent, rowStarts: null);

    public void WriteTo(CommandContext context, string arrayKey) => context.Output.Write(Render(context.Format, arrayKey, rowStarts: null));

    /// <summary>
    /// The table as a whole reply: text, or one JSON object with the pid, the row count and the rows
    /// under <paramref name="arrayKey"/>. <paramref name="rowStarts"/>, when given, gets the byte
    /// offset where each row begins.
    /// </summary>
    public byte[] Render(ReplyFormat format, string arrayKey, List<int>? rowStarts)
    {
        if (format == ReplyFormat.Text)
        {
            var text = new StringBuilder();
            var starts = rowStarts is null ? null : new List<int>();
            AppendText(text, "", starts);
            var body = Encoding.UTF8.GetBytes(text.ToString());
            rowStarts?.AddRange(starts!.Select(start => Encoding.UTF8.GetByteCount(text.ToString(0, start))));
            return body;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteNumber("count", _rows.Count);
            json.WritePropertyName(arrayKey);
            WriteJson(json, rowStarts, buffer);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteJson(Utf8JsonWriter json, List<int>? rowStarts, ArrayBufferWriter<byte>? flushed)
    {
        json.WriteStartArray();
        foreach (var row in _rows)
        {
            if (rowStarts is not null)
            {
                json.Flush();
                rowStarts.Add(flushed!.WrittenCount);
            }

            WriteRowJson(json, _jsonColumns, JsonValuesOf(row));
        }

        json.WriteEndArray();
    }

    private void AppendText(StringBuilder text, string indent, List<int>? rowStarts)
    {
        var cells = _rows.Select(row => TextValuesOf(row).Select(TextValues.Format).ToArray()).ToList();
        var widths = _textColumns.Select((column, i) => cells.Select(row => row[i].Length).Append(column.Header!.Length).Append(column.Width).Max()).ToArray();
        AppendHeader(text, indent, _textColumns, widths);
        foreach (var row in cells)
        {
            rowStarts?.Add(text.Length);
            AppendCells(text, indent, _textColumns, widths, row);
        }
    }

    private IEnumerable<object?> JsonValuesOf(object?[] row) => row.Where((_, i) => Columns[i].Key is not null);

    private IEnumerable<object?> TextValuesOf(object?[] row) => row.Where((_, i) => Columns[i].Header is not null);

    /// <summary>One row as a JSON object; <paramref name="columns"/> all have keys.</summary>
    public static void WriteRowJson(Utf8JsonWriter json, IReadOnlyList<TableColumn> columns, IEnumerable<object?> values)
    {
        json.WriteStartObject();
        foreach (var (column, value) in columns.Zip(values))
        {
            json.WritePropertyName(column.Key!);
            JsonValues.Write(json, value);
        }

        json.WriteEndObject();
    }

    /// <summary>The header line; <paramref name="columns"/> all have headers.</summary>
    public static void AppendHeader(StringBuilder text, string indent, IReadOnlyList<TableColumn> columns, IReadOnlyList<int> widths)
        => AppendCells(text, indent, columns, widths, columns.Select(column => column.Header!.ToUpperInvariant()).ToArray());

    /// <summary>One text line: cells padded to their column's width, two spaces apart, no trailing blanks.</summary>
    public static void AppendCells(StringBuilder text, string indent, IReadOnlyList<TableColumn> columns, IReadOnlyList<int> widths, IReadOnlyList<string> cells)
    {
        var line = new StringBuilder(indent);
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(columns[i].AlignRight ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
