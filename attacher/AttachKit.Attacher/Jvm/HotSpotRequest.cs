using System.Text;

namespace AttachKit.Attacher.Jvm;

/// <summary>
/// One request to a HotSpot JVM's attach listener, protocol v1: <c>"1\0&lt;command&gt;\0&lt;a1&gt;\0&lt;a2&gt;\0&lt;a3&gt;\0"</c>,
/// always three arguments (missing ones empty). The JVM closes the connection without a word on a
/// request over its limits, so they are checked here, before anything is sent.
/// </summary>
public sealed class HotSpotRequest
{
    /// <summary>The longest command name the JVM accepts, in UTF-8 bytes.</summary>
    public const int MaxCommandBytes = 16;

    /// <summary>The longest argument the JVM accepts, in UTF-8 bytes.</summary>
    public const int MaxArgumentBytes = 1024;

    /// <summary>How many arguments every request carries.</summary>
    public const int ArgumentCount = 3;

    private const string ProtocolVersion = "1";

    /// <summary>A request for <paramref name="command"/> with up to three arguments.</summary>
    /// <exception cref="ArgumentException">Empty command, a NUL byte, more than three arguments, or a name or argument over the JVM's limits.</exception>
    public HotSpotRequest(string command, params IReadOnlyList<string> arguments)
    {
        Check(command, "command name", MaxCommandBytes);
        if (command.Length == 0)
        {
            throw new ArgumentException("the command name is empty");
        }

        if (arguments.Count > ArgumentCount)
        {
            throw new ArgumentException($"'{command}' has {arguments.Count} arguments; a JVM takes at most {ArgumentCount} (for jcmd, all its words make one)");
        }

        foreach (var argument in arguments)
        {
            Check(argument, "argument", MaxArgumentBytes);
        }

        Command = command;
        Arguments = [.. arguments];
    }

    /// <summary>The attach listener's command (<c>threaddump</c>, <c>jcmd</c>, <c>properties</c>, …).</summary>
    public string Command { get; }

    /// <summary>The arguments given (up to three).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>A diagnostic command (<c>jcmd &lt;pid&gt; VM.version</c>): its words joined by spaces make the one argument, as jcmd sends it.</summary>
    public static HotSpotRequest Jcmd(IEnumerable<string> words)
    {
        var line = string.Join(' ', words);
        return line.Length == 0
            ? throw new ArgumentException("jcmd needs a diagnostic command (try 'jcmd help')")
            : new HotSpotRequest("jcmd", line);
    }

    /// <summary>The bytes to send.</summary>
    public byte[] Encode()
    {
        var encoded = new List<byte>(64);
        foreach (var part in (string[])[ProtocolVersion, Command, .. Arguments, .. Enumerable.Repeat("", ArgumentCount - Arguments.Count)])
        {
            encoded.AddRange(Encoding.UTF8.GetBytes(part));
            encoded.Add(0);
        }

        return [.. encoded];
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', [Command, .. Arguments]);

    private static void Check(string value, string what, int maxBytes)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"the {what} contains a NUL byte");
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw new ArgumentException($"the {what} '{Shorten(value)}' is {bytes} bytes; a JVM accepts at most {maxBytes}");
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
