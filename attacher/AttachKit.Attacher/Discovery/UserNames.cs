using System.Globalization;

namespace AttachKit.Attacher.Discovery;

/// <summary>
/// User names by uid, from /etc/passwd (read once per listing). Users known only to a directory
/// service (NSS, LDAP) show as their number: resolving them needs libc's getpwuid, which a
/// listing of every process should not pay for.
/// </summary>
internal sealed class UserNames
{
    private readonly Dictionary<int, string> _names;

    private UserNames(Dictionary<int, string> names) => _names = names;

    public static UserNames Load()
    {
        var names = new Dictionary<int, string>();
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                {
                    names.TryAdd(uid, fields[0]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No passwd file (a minimal container): every user shows as a number.
        }

        return new UserNames(names);
    }

    /// <summary>The name of <paramref name="uid"/>, or the number itself.</summary>
    public string NameOf(int uid) => _names.TryGetValue(uid, out var name) ? name : uid.ToString(CultureInfo.InvariantCulture);
}
