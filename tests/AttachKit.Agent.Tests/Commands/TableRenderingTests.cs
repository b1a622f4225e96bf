using System.Text;
using AttachKit.Agent.Commands;
using AttachKit.Agent.Descriptors;
using AttachKit.Protocol;

namespace AttachKit.Agent.Tests.Commands;

/// <summary>
/// The exact bodies of the commands that answer with tables (<c>fds</c>, <c>fd-export</c>, a streamed
/// <c>counters</c>, a table nested in a report), text and JSON, from rows made up here.
/// </summary>
public class TableRenderingTests
{
    private static readonly DescriptorInfo[] Descriptors =
    [
        new(0, "file", "/dev/null", "/dev/null", false, null, null, null, false, ["O_RDWR"], 0, null),
        new(3, "unix", "socket:[4242]", null, false, "/tmp/.attach_pid77", null, "LISTEN", true, ["O_RDWR", "O_CLOEXEC"], null, "agent: attach listener"),
        new(12, "file", "/tmp/ünïcode.log (deleted)", "/tmp/ünïcode.log", true, null, null, null, false, ["O_WRONLY", "O_APPEND"], 1234567, null),
        new(105, "pipe", "pipe:[456]", null, false, null, null, null, false, [], null, null),
        new(7, "tcp", "socket:[99]", null, false, "127.0.0.1:5080", "127.0.0.1:40000", "ESTABLISHED", false, ["O_RDWR"], null, null),
    ];

    [Fact]
    public void FdsTextIsAnAlignedTableWithNoTrailingBlanks()
    {
        var (body, starts) = Listing(ReplyFormat.Text);

        Assert.Equal(
            """
             FD  KIND  FLAGS           OFFSET  WHAT
              0  file  rdwr                 0  /dev/null
              3  unix  rdwr,cloexec         -  /tmp/.attach_pid77 LISTEN [agent: attach listener]
             12  file  wronly,append  1234567  /tmp/ünïcode.log (deleted)
            105  pipe                       -  pipe:[456]
              7  tcp   rdwr                 -  127.0.0.1:5080 -> 127.0.0.1:40000 ESTABLISHED

            """.ReplaceLineEndings("\n"),
            body);
        Assert.Equal([40, 85, 171, 235, 281], starts);
    }

    [Fact]
    public void FdsJsonIsOneObjectWithEveryField()
    {
        var (body, starts) = Listing(ReplyFormat.Json);

        Assert.Equal(
            $$"""
            {
              "pid": {{Environment.ProcessId}},
              "count": 5,
              "descriptors": [
                {
                  "fd": 0,
                  "kind": "file",
                  "flags": [
                    "O_RDWR"
                  ],
                  "offset": 0,
                  "target": "/dev/null",
                  "path": "/dev/null",
                  "deleted": false,
                  "local": null,
                  "remote": null,
                  "state": null,
                  "listening": false,
                  "role": null
                },
                {
                  "fd": 3,
                  "kind": "unix",
                  "flags": [
                    "O_RDWR",
                    "O_CLOEXEC"
                  ],
                  "offset": null,
                  "target": "socket:[4242]",
                  "path": null,
                  "deleted": false,
                  "local": "/tmp/.attach_pid77",
                  "remote": null,
                  "state": "LISTEN",
                  "listening": true,
                  "role": "agent: attach listener"
                },
                {
                  "fd": 12,
                  "kind": "file",
                  "flags": [
                    "O_WRONLY",
                    "O_APPEND"
                  ],
                  "offset": 1234567,
                  "target": "/tmp/ünïcode.log (deleted)",
                  "path": "/tmp/ünïcode.log",
                  "deleted": true,
                  "local": null,
                  "remote": null,
                  "state": null,
                  "listening": false,
                  "role": null
                },
                {
                  "fd": 105,
                  "kind": "pipe",
                  "flags": [],
                  "offset": null,
                  "target": "pipe:[456]",
                  "path": null,
                  "deleted": false,
                  "local": null,
                  "remote": null,
                  "state": null,
                  "listening": false,
                  "role": null
                },
                {
                  "fd": 7,
                  "kind": "tcp",
                  "flags": [
                    "O_RDWR"
                  ],
                  "offset": null,
                  "target": "socket:[99]",
                  "path": null,
                  "deleted": false,
                  "local": "127.0.0.1:5080",
                  "remote": "127.0.0.1:40000",
                  "state": "ESTABLISHED",
                  "listening": false,
                  "role": null
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            body);
        Assert.Equal(RowStartsOf(body), starts);
    }

    [Fact]
    public void FdExportTextNumbersTheRowsAndLeavesOutFlagsAndOffset()
    {
        var (body, starts) = Export(ReplyFormat.Text);

        Assert.Equal(
            """
            #   FD  KIND  WHAT
            0    0  file  /dev/null
            1    3  unix  /tmp/.attach_pid77 LISTEN [agent: attach listener]
            2   12  file  /tmp/ünïcode.log (deleted)
            3  105  pipe  pipe:[456]
            4    7  tcp   127.0.0.1:5080 -> 127.0.0.1:40000 ESTABLISHED

            """.ReplaceLineEndings("\n"),
            body);
        Assert.Equal([19, 43, 108, 151, 176], starts);
    }

    [Fact]
    public void FdExportJsonStartsEachRowWhereItsDescriptorTravels()
    {
        var (body, starts) = Export(ReplyFormat.Json);

        Assert.StartsWith(
            $$"""
            {
              "pid": {{Environment.ProcessId}},
              "count": 5,
              "descriptors": [
                {
                  "index": 0,
                  "fd": 0,
                  "kind": "file",
                  "target": "/dev/null",
                  "path": "/dev/null",
            """.ReplaceLineEndings("\n"),
            body);
        Assert.EndsWith(
            """
                  "listening": false,
                  "role": null
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            body);
        Assert.Equal(RowStartsOf(body), starts);
    }

    [Fact]
    public void ANestedTableTrimsTrailingBlanksAndRightAlignsNumbers()
    {
        var report = new FieldReport()
            .Add("variables", "Environment", new ReportTable(new TableColumn("name", "name"), new TableColumn("value", "value"))
                .AddRow("EMPTY", "")
                .AddRow("PROMPT", "$ ")
                .AddRow("NÄME", "välue"))
            .Add("generations", "Generations", new ReportTable(new TableColumn("name", "gen"), new TableColumn("sizeBytes", "size", Width: 8, AlignRight: true))
                .AddRow("gen0", new ByteSize(100))
                .AddRow("loh", null));

        Assert.Equal(
            """
            Environment:
              NAME    VALUE
              EMPTY
              PROMPT  $
              NÄME    välue
            Generations:
              GEN       SIZE
              gen0     100 B
              loh          -

            """.ReplaceLineEndings("\n"),
            ReplyBodies.Of(report.WriteTo, ReplyFormat.Text));
        Assert.Equal(
            """
            {
              "variables": [
                {
                  "name": "EMPTY",
                  "value": ""
                },
                {
                  "name": "PROMPT",
                  "value": "$ "
                },
                {
                  "name": "NÄME",
                  "value": "välue"
                }
              ],
              "generations": [
                {
                  "name": "gen0",
                  "sizeBytes": 100
                },
                {
                  "name": "loh",
                  "sizeBytes": null
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            ReplyBodies.Of(report.WriteTo, ReplyFormat.Json));
    }

    [Fact]
    public void AStreamedTableKeepsItsColumnsWidthsWhateverTheRows()
    {
        TableColumn[] columns = [new("time", "time", 8), new("rssBytes", "rss", 9, true), new("queue", "queue")];
        void Stream(CommandContext context)
        {
            using var table = TableStream.Begin(context, new FieldReport().Add("intervalSeconds", "Interval", 1.5), "samples", columns);
            table.WriteRow("12:00:00", new ByteSize(123456789), 3);
            table.WriteRow("12:00:01", null, 123456);
            table.End();
        }

        Assert.Equal(
            """
            Interval: 1.5
            TIME            RSS  QUEUE
            12:00:00  117.7 MiB  3
            12:00:01          -  123456

            """.ReplaceLineEndings("\n"),
            ReplyBodies.Of(Stream, ReplyFormat.Text));
        Assert.Equal(
            """
            {
              "intervalSeconds": 1.5,
              "samples": [
                {
                  "time": "12:00:00",
                  "rssBytes": 123456789,
                  "queue": 3
                },
                {
                  "time": "12:00:01",
                  "rssBytes": null,
                  "queue": 123456
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            ReplyBodies.Of(Stream, ReplyFormat.Json));
    }

    private static (string Body, int[] Starts) Listing(ReplyFormat format)
    {
        var starts = new List<int>();
        var body = DescriptorTable.Listing(Descriptors).Render(format, DescriptorTable.ArrayKey, starts);
        return (Encoding.UTF8.GetString(body), [.. starts]);
    }

    private static (string Body, int[] Starts) Export(ReplyFormat format)
    {
        var starts = new List<int>();
        var body = DescriptorTable.Export(Descriptors).Render(format, DescriptorTable.ArrayKey, starts);
        return (Encoding.UTF8.GetString(body), [.. starts]);
    }

    // Where each row's object begins in the JSON body, as bytes: right after the '[' or the ',' before it.
    private static int[] RowStartsOf(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var starts = new List<int>();
        var array = body.IndexOf("\"descriptors\": [", StringComparison.Ordinal) + "\"descriptors\": [".Length;
        starts.Add(Encoding.UTF8.GetByteCount(body[..array]));
        for (var i = starts[0]; i < bytes.Length - 6; i++)
        {
            if (bytes[i] == (byte)'}' && bytes[i + 1] == (byte)',' && bytes[i + 2] == (byte)'\n' && bytes[i + 3] == (byte)' ' && bytes[i + 7] == (byte)'{')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
