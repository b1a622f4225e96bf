using System.Text.RegularExpressions;

namespace AttachKit.Redaction;

/// <summary>The rules for a command line, one element per argument as the process got it.</summary>
internal static partial class SecretRedactor
{
    /// <summary>
    /// The arguments to show: an option whose name looks secret keeps its name and loses its value,
    /// whether given in the same argument (<c>--db-password=x</c>, <c>-Dapi.key=x</c>,
    /// <c>ConnectionStrings:Db=x</c>) or as the next one (<c>--password x</c>: that whole argument is
    /// hidden, whatever it is); every other argument goes through the value rules. A single-letter
    /// option is never taken for a password (no secret word is one letter): <c>-p</c> is a port, a
    /// profile or a project as often.
    /// </summary>
    public static IReadOnlyList<string> RedactCommandLine(IReadOnlyList<string> arguments)
    {
        var shown = new string[arguments.Count];
        var valueIsSecret = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (valueIsSecret)
            {
                shown[i] = Hidden;
                valueIsSecret = false;
                continue;
            }

            var option = OptionArgument().Match(argument);
            var secret = option.Success && OptionNameLooksSecret(option.Groups["prefix"].Value + option.Groups["name"].Value);
            if (secret && option.Groups["equals"].Success)
            {
                // The value is the rest of the argument, spaces and all (a shell passed it as one).
                shown[i] = option.Length < argument.Length ? argument[..option.Length] + Hidden : argument;
            }
            else
            {
                // Only an option, not a bare word, takes the next argument as its value.
                valueIsSecret = secret && option.Groups["prefix"].Length > 0;
                shown[i] = RedactValue(argument);
            }
        }

        return shown;
    }

    // The argument forms of options with a value: --name, -name, /name (.NET configuration's
    // command line), each with "=value" or alone, and a bare name=value (also .NET configuration).
    [GeneratedRegex(@"\A(?<prefix>--?|/)?(?<name>[A-Za-z][A-Za-z0-9_.:\-]*)(?:(?<equals>=)|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex OptionArgument();
}
