namespace AttachKit.Redaction;

/// <summary>
/// Hides what looks secret in what the agent shows of its process: environment variables
/// (<c>env</c>) and the command line (<c>version</c>; attachkit's <c>list --json</c> compiles this
/// class in too). The rules are split by what they look at: names (<c>SecretRedactor.Names.cs</c>),
/// values (<c>SecretRedactor.Values.cs</c>, URLs in <c>SecretRedactor.Urls.cs</c>, where each
/// syntax ends a value in <c>SecretRedactor.Extents.cs</c>) and command-line arguments
/// (<c>SecretRedactor.Arguments.cs</c>). A value is never guessed secret from its look alone
/// (entropy, length): only a name that says so, or a structure that holds a secret at a known
/// place. Hiding too much is the safe mistake: where a rule cannot tell, it hides.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Hidden = "<redacted>";

    /// <summary>
    /// The value of environment variable <paramref name="name"/> to show, and whether anything was
    /// hidden: all of it when the name looks secret, else the secrets the value rules find in it.
    /// </summary>
    public static (string Value, bool Redacted) Redact(string name, string value)
    {
        if (VariableLooksSecret(name))
        {
            return (Hidden, true);
        }

        var shown = RedactValue(value);
        return (shown, !string.Equals(shown, value, StringComparison.Ordinal));
    }
}
