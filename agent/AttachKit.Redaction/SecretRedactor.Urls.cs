namespace AttachKit.Redaction;

/// <summary>
/// The password of a URL's userinfo, found by a scan: the last '@' of a URL is what a pattern would
/// find by backtracking over the rest of the URL from every start, which a long value makes slow.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>
    /// Hides the password of every <c>scheme://user:password@host</c> in <paramref name="text"/>, user
    /// and host kept. A password is often pasted unencoded, holding '/', '@', '?' or '#', which a URL
    /// parser would take for the path, host, query or fragment and so show part of it. Here the
    /// password runs from the first ':' after "://" (before any '/', '?' or '#') to the LAST '@' of
    /// the URL, and the URL runs to whitespace or to the next "scheme://", so no '@' inside the
    /// password can end it early. The price: a URL with a port and a later '@'
    /// (<c>http://host:8080/users/me@example.com</c>) shows <c>http://host:&lt;redacted&gt;@example.com</c>.
    /// A user without a password (<c>https://user@host</c>) is shown: a user name is not a secret.
    /// Each character is looked at a bounded number of times, whatever the text.
    /// </summary>
    private static string HideUrlPasswords(string text)
    {
        var shown = new ValueBuilder(text);
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        while (separator >= 0)
        {
            var authority = separator + 3;
            var end = UrlEnd(text, authority);
            var colon = UserinfoColon(text, authority, end);
            if (colon >= 0 && end - 1 > colon && text.LastIndexOf('@', end - 1, end - 1 - colon) is var at && at > colon + 1)
            {
                shown.Hide(colon + 1, at);
            }

            separator = text.IndexOf("://", Math.Max(end, authority), StringComparison.Ordinal);
        }

        return shown.ToString();
    }

    // The end of the URL that starts at authority: whitespace, or the scheme of the next URL, which
    // lets "https://a:b@one,https://c:d@two" show both hosts.
    private static int UrlEnd(string text, int authority)
    {
        for (var i = authority; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }

            if (string.CompareOrdinal(text, i, "://", 0, 3) == 0)
            {
                var schemeStart = i;
                while (schemeStart > authority && IsSchemeCharacter(text[schemeStart - 1]))
                {
                    schemeStart--;
                }

                return schemeStart;
            }
        }

        return text.Length;
    }

    // The ':' between user and password: the first one, if it comes before the path, query or fragment.
    private static int UserinfoColon(string text, int authority, int end)
    {
        for (var i = authority; i < end; i++)
        {
            switch (text[i])
            {
                case ':':
                    return i;
                case '/' or '?' or '#':
                    return -1;
            }
        }

        return -1;
    }

    private static bool IsSchemeCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-';
}
