using System.Text.RegularExpressions;

namespace AttachKit.Agent.Commands.Runtime;

/// <summary>
/// Decides which environment values look secret. By name: KEY, SECRET, TOKEN, PASSWORD, PASSWD, PWD,
/// PASSPHRASE, CONNECTIONSTRING, CREDENTIAL, AUTH, PRIVATE, SIGNATURE, COOKIE, SESSION anywhere in it
/// (case-insensitive; <c>ConnectionStrings__Db</c> too). By value: a URL with a password
/// (<c>scheme://user:password@host</c>) keeps everything but the password; a value holding
/// <c>password=</c>, <c>pwd=</c>, <c>secret=</c> or <c>token=</c> (a connection string) is hidden
/// whole. Hiding too much is the safe mistake.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Hidden = "<redacted>";

    private static readonly string[] SecretWords =
    [
        "KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PWD", "PASSPHRASE", "CONNECTIONSTRING",
        "CREDENTIAL", "AUTH", "PRIVATE", "SIGNATURE", "COOKIE", "SESSION",
    ];

    // PWD and OLDPWD are the shell's working directories, not passwords.
    private static readonly HashSet<string> ShellDirectories = new(StringComparer.Ordinal) { "PWD", "OLDPWD" };

    /// <summary>The value to show, and whether anything was hidden.</summary>
    public static (string Value, bool Redacted) Redact(string name, string value)
    {
        if (LooksSecret(name))
        {
            return (Hidden, true);
        }

        if (SecretAssignment().IsMatch(value))
        {
            return (Hidden, true);
        }

        var withoutPassword = UrlPassword().Replace(value, match => match.Groups["head"].Value + Hidden + "@");
        return (withoutPassword, !ReferenceEquals(withoutPassword, value) && withoutPassword != value);
    }

    public static bool LooksSecret(string name)
    {
        if (ShellDirectories.Contains(name))
        {
            return false;
        }

        var upper = name.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        return SecretWords.Any(word => upper.Contains(word, StringComparison.Ordinal));
    }

    // scheme://user:password@  (the user part may be empty: redis://:password@host)
    [GeneratedRegex(@"(?<head>[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]*:)[^/\s@]+@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)(^|[;\s,&?])(password|pwd|secret|token|apikey|api_key|accesskey)\s*=")]
    private static partial Regex SecretAssignment();
}
