namespace AttachKit.Redaction;

/// <summary>The rules by name: of a variable, an option, a system property or a key=value key.</summary>
internal static partial class SecretRedactor
{
    // Words that make a name secret wherever they appear inside one of its parts, in any case: PASS
    // also covers PASSWORD, PASSWD and PASSPHRASE; KEY covers APIKEY and ACCESSKEY; CRED covers
    // CREDENTIAL. KEY, AUTH and SESSION also hit harmless names (KEYBOARD_LAYOUT, AUTHOR): accepted,
    // since hiding a harmless value costs the operator little and missing a secret costs much.
    private static readonly string[] SecretWords =
    [
        "PASS", "PWD", "SECRET", "TOKEN", "KEY", "CRED", "AUTH", "DSN", "PRIVATE", "SIGNATURE",
        "COOKIE", "SESSION",
    ];

    // Words too short to look for inside a part: PAT would hit PATH and SIG would hit SIGNAL, so they
    // count only as a whole part (GITHUB_PAT, GitHubPat, AZURE_SAS_SIG), never as a prefix.
    private static readonly string[] SecretParts = ["PAT", "SIG"];

    // A word spelled across parts (CONNECTION_STRING, ConnectionStrings__Db): looked for in the name
    // with its separators removed. The single words are not, so that MAP_ASSETS holds no PASS.
    private const string SecretAcrossParts = "CONNECTIONSTRING";

    // Separators of a name's parts: snake case, .NET configuration (__ and :), properties, options.
    private static readonly char[] PartSeparators = ['_', '.', '-', ':'];

    // The shell keeps the working directory in PWD and OLDPWD: directories, not passwords.
    private static readonly HashSet<string> ShellDirectories = new(StringComparer.Ordinal) { "PWD", "OLDPWD" };

    /// <summary>Whether an environment variable's value is hidden whole because of its name.</summary>
    public static bool VariableLooksSecret(string name) => !ShellDirectories.Contains(name) && NameLooksSecret(name);

    /// <summary>Whether a name (of a variable, option, property or key) says its value is secret.</summary>
    public static bool NameLooksSecret(string name)
    {
        var parts = name.ToUpperInvariant().Split(PartSeparators, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(part => SecretWords.Any(word => part.Contains(word, StringComparison.Ordinal)))
            || string.Concat(parts).Contains(SecretAcrossParts, StringComparison.Ordinal))
        {
            return true;
        }

        return WordsOf(name).Any(word => SecretParts.Contains(word.ToUpperInvariant()));
    }

    /// <summary>
    /// The name's words: its parts, each cut again where camel case starts a word (GitHubPat: Git, Hub,
    /// Pat; XMLSig: XML, Sig).
    /// </summary>
    private static IEnumerable<string> WordsOf(string name)
    {
        foreach (var part in name.Split(PartSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            for (var i = 1; i < part.Length; i++)
            {
                var startsWord = char.IsUpper(part[i])
                    && (!char.IsUpper(part[i - 1]) || (i + 1 < part.Length && char.IsLower(part[i + 1])));
                if (startsWord)
                {
                    yield return part[start..i];
                    start = i;
                }
            }

            yield return part[start..];
        }
    }
}
