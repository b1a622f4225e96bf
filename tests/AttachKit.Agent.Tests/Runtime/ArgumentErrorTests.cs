using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Runtime;

[Trait("Category", "Cli")]
public class ArgumentErrorTests
{
    [Fact]
    public async Task BadArgumentsGetInvalidArgumentsWithAMessageThatSaysWhatIsAccepted()
    {
        using var target = await TargetApp.StartAsync("runtime");
        using var here = ScratchDirectory.Create();

        (string[] Arguments, string Message)[] cases =
        [
            (["heap-dump", "--type", "huge", "-o", "x.dmp"], "'heap-dump': --type 'huge' is not one of full, heap, mini, triage"),
            (["trace", "--duration", "2x", "-o", "t.nettrace"], "'trace': --duration '2x' is not a duration (use e.g. 30s, 500ms, 2m)"),
            (["trace", "--duration", "0", "-o", "t.nettrace"], "'trace': --duration must be between 100.0 ms and 1h 00m 00s"),
            (["trace", "--providers", "Foo:zz", "-o", "t.nettrace"], "'trace': --providers: 'Foo:zz' is not Name[:Keywords[:Level"),
            (["counters", "--count", "0"], "'counters': --count must be a whole number from 1 to 100000 (got '0')"),
            (["counters", "--interval"], "'counters': --interval needs a value (--interval <time>)"),
            (["gc", "--fast"], "'gc': unknown argument '--fast'; it takes --compact"),
            (["heap", "now"], "'heap' takes no arguments (got 'now')"),
        ];
        foreach (var (arguments, message) in cases)
        {
            var result = await Attach.RunInAsync(here.Path, target, arguments);
            Assert.True(result.ExitCode == 6, result.ToString());
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        }

        // The agent logs an attach after its reply, so the last line may come after the client has exited.
        var log = await target.WaitForLogAsync($"{cases[^1].Arguments[0]} -> 6 ");

        Assert.Empty(here.Entries());
        Assert.Equal(cases.Length, log.Split('\n').Count(line => line.Contains(" -> 6 ", StringComparison.Ordinal)));
    }
}
