using System.Text;

namespace AttachKit.Redaction;

/// <summary>Where a secret value ends in each syntax, and the text with the hidden spans replaced.</summary>
internal static partial class SecretRedactor
{
    // An option's value is one word as a shell splits them: up to whitespace outside quotes
    // (-Dx="a b" and -Dx=a"b c"d are one word each).
    private static int OptionValueEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end = text[end] is '"' or '\'' ? QuotedEnd(text, end) : end + 1;
        }

        return end;
    }

    // A query parameter's value ends at the next parameter, the fragment or the end of the URL.
    private static int QueryValueEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && text[end] is not ('&' or '#') && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end;
    }

    // A connection-string value ends at ';' only, not at a space or ',' (a password may hold them;
    // so a StackExchange.Redis "host,password=x,ssl=true" hides ",ssl=true" too). A value that starts
    // with a quote runs to its closing quote (doubled quotes inside), then on to ';'.
    private static int PairValueEnd(string text, int start)
    {
        var end = start < text.Length && text[start] is '"' or '\'' ? QuotedEnd(text, start) : start;
        while (end < text.Length && text[end] != ';')
        {
            end++;
        }

        return end;
    }

    // The end of a string quoted by text[start]; a doubled quote is one quote inside; unclosed runs to the end.
    private static int QuotedEnd(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
        }

        return text.Length;
    }

    // Past the whitespace between a name and its value: "Password = x", "--password\tx", a line break.
    private static int SkipWhitespace(string text, int start)
    {
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        return start;
    }

    /// <summary>
    /// The text with spans replaced by <see cref="Hidden"/>, given in order; the text itself when
    /// nothing was hidden.
    /// </summary>
    private sealed class ValueBuilder(string text)
    {
        private StringBuilder? _shown;
        private int _copied;

        public void Hide(int start, int end)
        {
            _shown ??= new StringBuilder(text.Length);
            _shown.Append(text, _copied, start - _copied).Append(Hidden);
            _copied = end;
        }

        public override string ToString() => _shown is null ? text : _shown.Append(text, _copied, text.Length - _copied).ToString();
    }
}
