using System.Globalization;
using System.Text;
using System.Text.Json;
using AttachKit.Agent.Commands;

namespace AttachKit.Agent.Tests.Conformance;

/// <summary>
/// Every built-in command of a real agent, in text and in JSON, read only through docs/PROTOCOL.md's
/// grammar (<see cref="DocumentGrammar"/>): the status lines, the chunks, the end and the final status,
/// the descriptors of fd-export, and the body each command's format promises.
/// </summary>
public class CommandConformanceTests(HeldDescriptorsAgent agent) : IClassFixture<HeldDescriptorsAgent>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static TheoryData<string, bool> BuiltInCommands()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in CommandTable.BuiltIn().Names)
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltInCommands))]
    public void EveryBuiltInCommandAnswersInTheDocumentsGrammarInTextAndInJson(string command, bool json)
    {
        using var exchange = WireClient.Exchange(agent.SocketPath, WireRequest.Of([command, .. ArgumentsOf(command), .. json ? ["--json"] : Array.Empty<string>()]));

        var reply = exchange.ParseReply();

        Assert.Null(exchange.SendFailure);
        Assert.False(exchange.Reset, "the agent reset the connection of a request it read whole");
        if (command == "threads" && json)
        {
            // §6: threads has no JSON body; the refusal is the reply.
            Assert.Equal(6, reply.Opening.Code);
            return;
        }

        Assert.True(reply.Opening.Code == 0 && reply.Final.Code == 0, $"{command}: {reply.Opening} … {reply.Final}");
        Assert.Equal(command == "fd-export" ? 1 : 0, exchange.Descriptors.Count);
        switch (command)
        {
            case "heap-dump":
                Assert.True(reply.Body.AsSpan().StartsWith("\u007fELF"u8), "the heap-dump body is no ELF file");
                break;
            case "trace":
                Assert.True(reply.Body.AsSpan().StartsWith("Nettrace"u8), "the trace body is no nettrace");
                break;
            case "threads":
                ThreadsBodyGrammar.Parse(reply.Body);
                break;
            case "fd-export":
                Assert.Equal(agent.Target.Facts("fds")["file-path"], new FileInfo($"/proc/self/fd/{exchange.Descriptors[0].DangerousGetHandle()}").LinkTarget);
                goto default;
            default:
                var text = StrictUtf8.GetString(reply.Body);
                Assert.False(text.StartsWith('\ufeff'), "the body starts with a byte order mark");
                Assert.NotEmpty(text);
                if (json)
                {
                    using var document = JsonDocument.Parse(text);
                }

                break;
        }
    }

    [Fact]
    public void TheThreadsBodyHoldsTheTableAndANettraceWhoseFirstSamplesAreTheTableThreadsStacks()
    {
        var pid = agent.Target.Pid;
        using var exchange = WireClient.Exchange(agent.SocketPath, WireRequest.Of("threads"));

        var parts = ThreadsBodyGrammar.Parse(exchange.ParseReply().Body);
        var trace = NettraceReading.Read(parts.Trace);

        Assert.Equal((pid.ToString(CultureInfo.InvariantCulture), "1"), (parts.Info["pid"], parts.Info["rundown"]));
        var table = Assert.Single(parts.Tables);
        Assert.Contains(table, row => row.ServesDump);
        Assert.Equal((4, 8, pid), (trace.TraceVersion, trace.PointerSize, trace.ProcessId));
        Assert.All(trace.BlockVersions, block => Assert.Equal(2, block.Value));
        Assert.NotEmpty(trace.Methods);

        // The thread id of a sample is the table's tid; its stack's addresses fall in the rundown's ranges.
        var main = trace.FirstStacks[(ulong)table.Single(row => row.Tid == pid).Tid].Select(trace.MethodAt);
        var listener = trace.FirstStacks[(ulong)table.Single(row => row.Name == "attach-listener").Tid].Select(trace.MethodAt);
        Assert.Contains(main, name => name is not null);
        Assert.Contains(listener, name => name?.StartsWith("AttachKit.", StringComparison.Ordinal) == true);
    }

    private string[] ArgumentsOf(string command) => command switch
    {
        "fd-export" => [agent.Target.Facts("fds")["file"]],
        "heap-dump" => ["--type", "mini"],
        "trace" => ["--duration", "100ms"],
        _ => [],
    };
}
