using System.Text.RegularExpressions;

namespace AttachKit.Redaction;

/// <summary>
/// The rules by value: secrets at known places inside a value whose name says nothing, such as a
/// connection string, a URL or an option string (JAVA_OPTS, DOTNET_ARGS). Only the secret is hidden;
/// the rest stays visible, because the operator came to read the other options.
/// </summary>
/// <remarks>
/// The agent runs inside someone else's process, and a value can be anything, so no rule may take
/// more than linear time. The expressions are source-generated (nothing is compiled at run time in
/// the process) and written so that the backtracking engine never backtracks far: every loop is
/// followed by a character it cannot match, and every match starts only after a delimiter, not
/// inside a run of name characters. NonBacktracking would promise this for any pattern, but the
/// generator cannot generate it: the expression would be built at run time.
/// </remarks>
internal static partial class SecretRedactor
{
    /// <summary>The value with every secret the value rules find hidden (the same string when none).</summary>
    /// <remarks>
    /// Each rule runs only on a value holding what every match of it needs ('=', "://", "bearer",
    /// "eyJ", '-' and whitespace as \s means it): most values hold none, and a pattern's first match costs the target
    /// process the compiling of its code.
    /// </remarks>
    public static string RedactValue(string value)
    {
        var shown = value.Contains("://", StringComparison.Ordinal) ? HideUrlPasswords(value) : value;
        shown = shown.Contains('=') ? HideAssignedValues(shown) : shown;
        shown = shown.Contains('-') && shown.Any(char.IsWhiteSpace) ? HideSeparateOptionValues(shown) : shown;
        shown = shown.Contains("bearer", StringComparison.OrdinalIgnoreCase) ? BearerToken().Replace(shown, match => match.Groups["scheme"].Value + Hidden) : shown;
        return shown.Contains("eyJ", StringComparison.Ordinal) ? Jwt().Replace(shown, Hidden) : shown;
    }

    // name=value with a secret name: an option (--db-password=x, -Djavax.net.ssl.keyStorePassword=x),
    // a query parameter (?sig=x, &access_token=x) or a connection-string pair (Password=x;, pwd=x,
    // AccountKey=x, SharedAccessSignature=x). Each form ends its value where that syntax does. The
    // end is looked for only behind a secret name, and the matches inside a hidden value are
    // skipped, so that no character is scanned again and again.
    private static string HideAssignedValues(string text)
    {
        var shown = new ValueBuilder(text);
        var next = 0;
        foreach (var match in AssignedName().EnumerateMatches(text))
        {
            if (match.Index < next)
            {
                continue;
            }

            var name = text.AsSpan(match.Index, match.Length).TrimEnd("= \t").ToString();
            var start = match.Index + match.Length;
            int end;
            if (name.StartsWith('-'))
            {
                end = OptionNameLooksSecret(name) ? OptionValueEnd(text, start) : start;
            }
            else if (match.Index > 0 && text[match.Index - 1] is '?' or '&')
            {
                end = QueryNameLooksSecret(name) ? QueryValueEnd(text, start) : start;
            }
            else if (NameLooksSecret(name))
            {
                start = SkipWhitespace(text, start);
                end = PairValueEnd(text, start);
            }
            else
            {
                continue;
            }

            if (end > start)
            {
                shown.Hide(start, end);
                next = end;
            }
        }

        return shown.ToString();
    }

    // --password x, -storepass x: an option whose name looks secret hides the next word, whatever it
    // is (a flag such as --no-auth then hides the option after it: the safe mistake).
    private static string HideSeparateOptionValues(string text)
    {
        var shown = new ValueBuilder(text);
        var next = 0;
        foreach (var match in OptionBeforeBlank().EnumerateMatches(text))
        {
            if (match.Index < next || !OptionNameLooksSecret(text.Substring(match.Index, match.Length)))
            {
                continue;
            }

            var start = SkipWhitespace(text, match.Index + match.Length);
            var end = OptionValueEnd(text, start);
            if (end > start)
            {
                shown.Hide(start, end);
                next = end;
            }
        }

        return shown.ToString();
    }

    /// <summary>Whether an option (<c>--name</c>, <c>-name</c>, <c>/name</c>, <c>-Dname</c>) names a secret.</summary>
    private static bool OptionNameLooksSecret(string option)
    {
        var name = option.TrimStart('-', '/');
        // -Dsig=… is the system property "sig": the D must not hide a word that starts the name.
        return NameLooksSecret(name)
            || (option.StartsWith("-D", StringComparison.Ordinal) && name.Length > 1 && NameLooksSecret(name[1..]));
    }

    // An OAuth authorization code (?code=) is as good as a token for a few minutes; its name says nothing.
    private static bool QueryNameLooksSecret(string name)
        => NameLooksSecret(name) || name.Equals("code", StringComparison.OrdinalIgnoreCase);

    // name= after the start or a delimiter (whitespace ; , = quote ? &), the name optionally an
    // option (-D, -, --). Its value is found by code, since where it ends depends on the form.
    [GeneratedRegex(@"(?<![^\s;,=""'?&])(?:-D|--?)?[A-Za-z][A-Za-z0-9_.:\-]*[ \t]*=", RegexOptions.CultureInvariant)]
    private static partial Regex AssignedName();

    // An option without "=", followed by whitespace: its value may be the next word.
    [GeneratedRegex(@"(?<![^\s=""'])--?[A-Za-z][A-Za-z0-9_.:\-]*(?=\s)", RegexOptions.CultureInvariant)]
    private static partial Regex OptionBeforeBlank();

    // "Authorization: Bearer x": the token after the scheme word, whatever its shape.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<scheme>(?i:bearer)(?>[ \t]+))[^\s""',;]+", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    // A JWT (a signed or encrypted token): base64url segments joined by dots, the first a JSON header
    // ("eyJ" is '{"' encoded). Starting only after a non-base64url character keeps a run of "eyJ" linear.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*)+", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
