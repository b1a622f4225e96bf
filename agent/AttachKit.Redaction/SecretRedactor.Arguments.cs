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

            var option = OptionForm.Of(argument);
            var secret = option is { } form && OptionNameLooksSecret(argument[..form.NameEnd]);
            if (secret && option!.Value.HasEquals)
            {
                // The value is the rest of the argument, spaces and all (a shell passed it as one).
                var valueStart = option.Value.NameEnd + 1;
                shown[i] = valueStart < argument.Length ? argument[..valueStart] + Hidden : argument;
            }
            else
            {
                // Only an option, not a bare word, takes the next argument as its value.
                valueIsSecret = secret && option!.Value.PrefixLength > 0;
                shown[i] = RedactValue(argument);
            }
        }

        return shown;
    }

    /// <summary>
    /// The argument forms of options with a value: --name, -name, /name (.NET configuration's command
    /// line), each with "=value" or alone, and a bare name=value (also .NET configuration). The name
    /// starts with a letter and holds letters, digits and <c>_ . : -</c>. Parsed by hand, not by a
    /// pattern: it runs on every argument of every command line, and a first pattern match costs the
    /// target process the compiling of its code.
    /// </summary>
    /// <param name="PrefixLength">The length of "--", "-" or "/"; 0 for a bare name.</param>
    /// <param name="NameEnd">Where the name ends: at the '=' or at the end of the argument.</param>
    /// <param name="HasEquals">Whether a value follows in the same argument.</param>
    private readonly record struct OptionForm(int PrefixLength, int NameEnd, bool HasEquals)
    {
        public static OptionForm? Of(string argument)
        {
            var prefix = argument.StartsWith("--", StringComparison.Ordinal) ? 2 : argument.StartsWith('-') || argument.StartsWith('/') ? 1 : 0;
            if (prefix >= argument.Length || !char.IsAsciiLetter(argument[prefix]))
            {
                return null;
            }

            var end = prefix + 1;
            while (end < argument.Length && IsNameCharacter(argument[end]))
            {
                end++;
            }

            return end == argument.Length ? new OptionForm(prefix, end, HasEquals: false)
                : argument[end] == '=' ? new OptionForm(prefix, end, HasEquals: true)
                : null;
        }

        private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-';
    }
}
