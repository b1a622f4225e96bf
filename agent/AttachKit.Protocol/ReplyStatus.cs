using System.Globalization;
using System.Text;

namespace AttachKit.Protocol;

/// <summary>A status line of a reply: <c>&lt;code&gt; &lt;message&gt;\n</c>.</summary>
/// <param name="Code">The status code.</param>
/// <param name="Message">A short, human-readable message (one line).</param>
public readonly record struct ReplyStatus(StatusCode Code, string Message)
{
    /// <summary>Whether the status is <see cref="StatusCode.Ok"/>.</summary>
    public bool IsOk => Code == StatusCode.Ok;

    /// <summary>The status for a command that succeeded.</summary>
    public static ReplyStatus Ok { get; } = new(StatusCode.Ok, "ok");

    /// <summary>
    /// Encodes the status line, line feed included: valid UTF-8 (a lone surrogate becomes U+FFFD), the
    /// message made one line and cut to the limit on a character boundary, never inside a character.
    /// </summary>
    public byte[] Encode()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{(int)Code} {OneLine(Message)}");
        var bytes = Encoding.UTF8.GetBytes(line);
        var length = Math.Min(bytes.Length, ProtocolLimits.MaxStatusLineBytes - 1);
        while (length < bytes.Length && IsContinuationByte(bytes[length]))
        {
            // The first byte left out continues a character: leave out the bytes of it already taken too.
            length--;
        }

        var encoded = new byte[length + 1];
        bytes.AsSpan(0, length).CopyTo(encoded);
        encoded[length] = (byte)'\n';
        return encoded;
    }

    // 10xxxxxx: the second, third or fourth byte of a UTF-8 character.
    private static bool IsContinuationByte(byte b) => (b & 0xC0) == 0x80;

    // string.ReplaceLineEndings(" ") by hand: its first call in a process builds a vectorised search for
    // six line-break characters, on the path of an agent's first reply (docs/INTERNALS.md, "The agent's
    // first attach").
    private static string OneLine(string message)
    {
        var line = new StringBuilder(message.Length);
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            if (c == '\r' && i + 1 < message.Length && message[i + 1] == '\n')
            {
                i++;
            }

            line.Append(c is '\r' or '\n' or '\f' or '\u0085' or '\u2028' or '\u2029' ? ' ' : c);
        }

        return line.ToString();
    }

    /// <summary>Parses a status line without its line feed.</summary>
    /// <exception cref="ProtocolException">The line is not a status line.</exception>
    public static ReplyStatus Parse(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        var space = text.IndexOf(' ');
        var codeText = space < 0 ? text : text[..space];
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new ProtocolException($"not a status line: '{Truncate(text)}'");
        }

        return new ReplyStatus((StatusCode)code, space < 0 ? "" : text[(space + 1)..]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(int)Code} {Message}";

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
