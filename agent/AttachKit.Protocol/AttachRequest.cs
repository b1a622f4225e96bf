using System.Text;

namespace AttachKit.Protocol;

/// <summary>One request: a command and its arguments, sent once per connection.</summary>
/// <param name="Command">The command name.</param>
/// <param name="Arguments">The arguments, in order, without the reserved <c>--json</c>.</param>
/// <param name="Format">The body format the client asks for.</param>
public sealed record AttachRequest(string Command, IReadOnlyList<string> Arguments, ReplyFormat Format = ReplyFormat.Text)
{
    /// <summary>The version tag this library speaks.</summary>
    public const string Version = "1";

    /// <summary>The reserved argument that asks for a JSON body, whatever the command.</summary>
    public const string JsonArgument = "--json";

    /// <summary>
    /// Encodes the request: the version tag, the command, each argument, each NUL-terminated,
    /// then an empty string (one more NUL) that ends the request.
    /// </summary>
    /// <exception cref="ArgumentException">A string holds a NUL, is empty, or breaks a limit.</exception>
    public byte[] Encode()
    {
        var fields = new List<string> { Version, Command };
        fields.AddRange(Arguments);
        if (Format == ReplyFormat.Json)
        {
            fields.Add(JsonArgument);
        }

        Check(Command, ProtocolLimits.MaxCommandBytes, "command name");
        foreach (var argument in Arguments)
        {
            Check(argument, ProtocolLimits.MaxArgumentBytes, "argument");
        }

        if (fields.Count - 2 > ProtocolLimits.MaxArguments)
        {
            throw new ArgumentException($"at most {ProtocolLimits.MaxArguments} arguments are allowed");
        }

        using var buffer = new MemoryStream();
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            buffer.Write(bytes);
            buffer.WriteByte(0);
        }

        buffer.WriteByte(0);
        if (buffer.Length > ProtocolLimits.MaxRequestBytes)
        {
            throw new ArgumentException($"the request exceeds {ProtocolLimits.MaxRequestBytes} bytes");
        }

        return buffer.ToArray();
    }

    private static void Check(string value, int maxBytes, string what)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"an empty {what} cannot be sent (an empty string ends a request)");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a {what} cannot contain a NUL character");
        }

        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            throw new ArgumentException($"a {what} is limited to {maxBytes} bytes");
        }
    }
}
