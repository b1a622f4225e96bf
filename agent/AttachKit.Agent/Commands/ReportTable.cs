using System.Text;
using System.Text.Json;

namespace AttachKit.Agent.Commands;

/// <summary>A column of a <see cref="ReportTable"/>: its JSON key, its text header, and how text aligns it.</summary>
/// <param name="Key">The camelCase JSON key.</param>
/// <param name="Header">The text header (shown in capitals).</param>
/// <param name="Width">The least text width; a streamed table cannot measure its rows, so it uses this.</param>
/// <param name="AlignRight">Numbers read better right-aligned.</param>
internal readonly record struct TableColumn(string Key, string Header, int Width = 0, bool AlignRight = false);

/// <summary>
/// Rows of values under named columns: text shows aligned columns under a header line, JSON an
/// array of objects keyed by the columns. One model, both formats.
/// </summary>
internal sealed class ReportTable(params TableColumn[] columns) : IReportPart
{
    private readonly List<object?[]> _rows = [];

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

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        foreach (var row in _rows)
        {
            WriteRowJson(json, Columns, row);
        }

        json.WriteEndArray();
    }

    public void AppendText(StringBuilder text, string indent)
    {
        var cells = _rows.Select(row => row.Select(TextValues.Format).ToArray()).ToList();
        var widths = Columns.Select((column, i) => cells.Select(row => row[i].Length).Append(column.Header.Length).Append(column.Width).Max()).ToArray();
        AppendHeader(text, indent, Columns, widths);
        foreach (var row in cells)
        {
            AppendCells(text, indent, Columns, widths, row);
        }
    }

    /// <summary>One row as a JSON object.</summary>
    public static void WriteRowJson(Utf8JsonWriter json, IReadOnlyList<TableColumn> columns, IReadOnlyList<object?> values)
    {
        json.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            json.WritePropertyName(columns[i].Key);
            JsonValues.Write(json, values[i]);
        }

        json.WriteEndObject();
    }

    public static void AppendHeader(StringBuilder text, string indent, IReadOnlyList<TableColumn> columns, IReadOnlyList<int> widths)
        => AppendCells(text, indent, columns, widths, columns.Select(column => column.Header.ToUpperInvariant()).ToArray());

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
