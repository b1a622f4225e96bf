using System.Text.RegularExpressions;

namespace AttachKit.Testing;

/// <summary>Which listener a <see cref="ScriptedListener"/> plays.</summary>
public enum ListenerKind
{
    /// <summary>The agent's, at <c>$TMPDIR/.attach_pid&lt;pid&gt;</c>.</summary>
    Agent,

    /// <summary>A HotSpot JVM's, at <c>/tmp/.java_pid&lt;pid&gt;</c>.</summary>
    Jvm,
}

/// <summary>
/// A target process that is its own listener and answers every connection with fixed bytes (the test
/// target's <c>scripted-listener</c> scenario): a stand-in for an agent or a JVM that the attacher accepts
/// as the target's, since it is. With <c>holdOpen</c>, each connection stays open after the bytes (a
/// listener still working on its reply).
/// </summary>
public sealed partial class ScriptedListener : IDisposable
{
    private readonly ScratchDirectory _script;

    private ScriptedListener(TargetApp target, ScratchDirectory script)
    {
        Target = target;
        _script = script;
    }

    /// <summary>The process; attach to its pid.</summary>
    public TargetApp Target { get; }

    public int Pid => Target.Pid;

    /// <summary>How many connections it accepted.</summary>
    public int Connections => ConnectionLine().Matches(Target.Output).Count;

    /// <param name="reply">What every connection gets.</param>
    /// <param name="holdOpen">Keep each connection open after the reply.</param>
    /// <param name="kind">Which listener to play.</param>
    /// <param name="quitKills">Leave SIGQUIT at its default, so that a signal would end the process.</param>
    public static async Task<ScriptedListener> StartAsync(byte[] reply, bool holdOpen = false, ListenerKind kind = ListenerKind.Agent, bool quitKills = false)
    {
        // In a file: a reply may be larger than a command line can carry.
        var script = ScratchDirectory.Create();
        var replyFile = Path.Combine(script.Path, "reply");
        await File.WriteAllBytesAsync(replyFile, reply);
        List<string> arguments = [kind == ListenerKind.Jvm ? "jvm" : "agent", replyFile];
        if (holdOpen)
        {
            arguments.Add("hold");
        }

        try
        {
            return new ScriptedListener(await TargetApp.StartAsync("scripted-listener", arguments, new TargetOptions { IgnoreQuit = !quitKills }), script);
        }
        catch
        {
            script.Dispose();
            throw;
        }
    }

    /// <summary>Completes once a request has been read (and the reply sent).</summary>
    public async Task WaitForRequestAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Target.Output.Contains("request 1", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no request reached the scripted listener:\n{Target.Output}\n{Target.Log}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        Target.Dispose();
        _script.Dispose();
    }

    [GeneratedRegex(@"^connection \d+$", RegexOptions.Multiline)]
    private static partial Regex ConnectionLine();
}
