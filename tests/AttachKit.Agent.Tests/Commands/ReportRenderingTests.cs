using AttachKit.Agent.Commands;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Commands;

public class ReportRenderingTests
{
    private static FieldReport Sample() => new FieldReport()
        .Add("heapBytes", "Heap", new ByteSize(3 * 1024 * 1024 + 512 * 1024))
        .Add("pauseSeconds", "Pauses", new[] { TimeSpan.FromMilliseconds(1.25), TimeSpan.Zero })
        .Add("lastGc", "Last GC", new FieldReport().Add("index", "Number", 7).Add("compacted", "Compacted", true))
        .Add("generations", "Generations", new ReportTable(new TableColumn("name", "gen"), new TableColumn("sizeBytes", "size", AlignRight: true))
            .AddRow("gen0", new ByteSize(100))
            .AddRow("loh", new ByteSize(2048)));

    [Fact]
    public void TextNestsSectionsAndTablesUnderTheirLabels()
    {
        Assert.Equal(
            """
            Heap:   3.5 MiB
            Pauses: 1.3 ms, 0.000 ms
            Last GC:
              Number:    7
              Compacted: yes
            Generations:
              GEN      SIZE
              gen0    100 B
              loh   2.0 KiB

            """.ReplaceLineEndings("\n"),
            Render(Sample(), ReplyFormat.Text));
    }

    [Fact]
    public void JsonNestsObjectsAndArraysUnderTheSameKeys()
    {
        var json = System.Text.Json.JsonDocument.Parse(Render(Sample(), ReplyFormat.Json)).RootElement;

        Assert.Equal(3670016, json.GetProperty("heapBytes").GetInt64());
        Assert.Equal(0.00125, json.GetProperty("pauseSeconds")[0].GetDouble());
        Assert.True(json.GetProperty("lastGc").GetProperty("compacted").GetBoolean());
        Assert.Equal(2048, json.GetProperty("generations")[1].GetProperty("sizeBytes").GetInt64());
    }

    private static string Render(FieldReport report, ReplyFormat format) => ReplyBodies.Of(report.WriteTo, format);
}
