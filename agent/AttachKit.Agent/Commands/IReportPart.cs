using System.Text;
using System.Text.Json;

namespace AttachKit.Agent.Commands;

/// <summary>
/// A piece of a command's reply that renders itself as text and as JSON from one model
/// (<see cref="FieldReport"/>, <see cref="ReportTable"/>); parts nest.
/// </summary>
internal interface IReportPart
{
    void WriteJson(Utf8JsonWriter json);

    /// <summary>Appends the text form, each line starting with <paramref name="indent"/>.</summary>
    void AppendText(StringBuilder text, string indent);
}
