using System.Text;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary>
/// The names an app may give its commands and level switches: ASCII letters, digits, '.', '_' and
/// '-', starting with a letter, so that they fit the protocol (at most
/// <see cref="ProtocolLimits.MaxCommandBytes"/> bytes, no NUL) and can be typed after
/// <c>attachkit &lt;pid&gt;</c> without quoting or being read as an option.
/// </summary>
internal static class AppNameRules
{
    /// <exception cref="ArgumentException">The name is not allowed; the message says why.</exception>
    public static void Validate(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            throw new ArgumentException($"{what} name '{name}' must start with an ASCII letter", nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > ProtocolLimits.MaxCommandBytes)
        {
            throw new ArgumentException($"{what} name '{name}' is longer than the protocol's {ProtocolLimits.MaxCommandBytes} bytes", nameof(name));
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new ArgumentException($"{what} name '{name}' has '{c}'; only ASCII letters, digits, '.', '_' and '-' are allowed", nameof(name));
            }
        }
    }

    /// <summary>A one-line summary for <c>help</c>.</summary>
    public static void ValidateSummary(string summary, string name)
    {
        if (string.IsNullOrWhiteSpace(summary) || summary.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"the summary of '{name}' must be one non-empty line (help shows it beside the name)", nameof(summary));
        }
    }
}
